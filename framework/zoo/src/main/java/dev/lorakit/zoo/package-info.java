/** lorakit model zoo. */
package dev.lorakit.zoo;
