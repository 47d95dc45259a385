/**
 * lorakit backbones through DJL's model-zoo API: by name ({@code Criteria}, {@code ZooProvider}) or by
 * a {@code lorakit://} model URL ({@code RepositoryFactory}), from local files only.
 */
package dev.lorakit.zoo.djl;
