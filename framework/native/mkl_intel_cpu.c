/*
 * Lets Intel MKL use its fast kernels on AMD CPUs.
 *
 * libtorch links MKL statically and runs every fp32 matrix product through it. MKL picks its
 * kernels by CPU vendor first: on a CPU that is not Intel it takes its generic ("def") branch,
 * whose sgemm is AVX2 code for Zen, whatever the CPU supports. This function is MKL's vendor test;
 * libtorch_cpu.so exports it, so preloading this library (LD_PRELOAD) answers "Intel" and MKL then
 * dispatches on the instruction sets the CPU reports (CPUID), as it does on Intel CPUs: AVX-512 on
 * Zen 4. The kernels compute the same products (up to float summation order).
 *
 * framework/engine-env.sh builds and preloads it on AMD x86-64 Linux machines; see
 * docs/training.md, "Matrix products on AMD CPUs".
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
