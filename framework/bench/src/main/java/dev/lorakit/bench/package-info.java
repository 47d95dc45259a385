/** lorakit benchmarks. */
package dev.lorakit.bench;
