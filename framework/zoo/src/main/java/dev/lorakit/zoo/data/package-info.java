/**
 * Labelled text data: CSV/TSV/JSONL readers with column mapping, label vocabularies,
 * stratified seeded splits and the real corpora fetched by the project's scripts.
 */
package dev.lorakit.zoo.data;
