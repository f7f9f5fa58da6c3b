#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers so the rest of the module does not import the C library for three functions.
@inline(__always) func logarithm(_ x: Double) -> Double { log(x) }
@inline(__always) func exponential(_ x: Double) -> Double { exp(x) }
@inline(__always) func cosine(_ x: Double) -> Double { cos(x) }
@inline(__always) func squareRootOf(_ x: Double) -> Double { x.squareRoot() }

/// The error function's complement-based normal CDF, used to state expected hit rates in the truth file.
@inline(__always) func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
