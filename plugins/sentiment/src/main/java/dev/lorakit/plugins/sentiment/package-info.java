/** lorakit sentiment plugin. */
package dev.lorakit.plugins.sentiment;
