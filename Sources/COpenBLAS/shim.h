// OpenBLAS through its CBLAS interface (Debian: libopenblas-dev). Only Sources/ProRankKit/Tensor/BLAS.swift
// calls into it.
#include <cblas.h>
