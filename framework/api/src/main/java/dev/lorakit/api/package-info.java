/** lorakit plugin API. */
package dev.lorakit.api;
