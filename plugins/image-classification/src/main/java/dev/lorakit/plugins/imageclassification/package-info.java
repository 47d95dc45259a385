/** lorakit image-classification plugin. */
package dev.lorakit.plugins.imageclassification;
