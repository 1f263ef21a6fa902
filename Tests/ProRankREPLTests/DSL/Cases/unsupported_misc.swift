// More constructs outside the subset, each reported before running.
protocol Shape {} // expect error: 2:1 'protocol' is not supported in notebooks
extension Int {} // expect error: 3:1 'extension' is not supported in notebooks
typealias Score = Double // expect error: 4:1 'typealias' is not supported in notebooks
