/** lorakit environment API. */
package dev.lorakit.env;
