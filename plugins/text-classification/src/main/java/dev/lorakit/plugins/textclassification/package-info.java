/** lorakit text-classification plugin. */
package dev.lorakit.plugins.textclassification;
