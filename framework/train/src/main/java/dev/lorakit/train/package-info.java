/** lorakit shared trainer. */
package dev.lorakit.train;
