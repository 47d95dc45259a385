/** lorakit Python Gymnasium bridge. */
package dev.lorakit.env.gym;
