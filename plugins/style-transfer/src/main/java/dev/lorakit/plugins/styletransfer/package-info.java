/** lorakit style-transfer plugin. */
package dev.lorakit.plugins.styletransfer;
