/** lorakit backbones through DJL's model-zoo API ({@code Criteria}, {@code ZooProvider}). */
package dev.lorakit.zoo.djl;
