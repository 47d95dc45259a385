/** lorakit plugin host. */
package dev.lorakit.host;
