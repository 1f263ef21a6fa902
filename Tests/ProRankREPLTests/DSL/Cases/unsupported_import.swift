// Only Foundation and ProRankKit may be imported.
import Foundation
import ProRankKit
import Dispatch // expect error: 4:1 import of 'Dispatch' is not supported in notebooks
