/** lorakit classic-control environments. */
package dev.lorakit.env.classic;
