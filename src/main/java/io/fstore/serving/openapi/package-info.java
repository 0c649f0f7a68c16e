/**
 * The shapes of the serving API's requests and answers, for its OpenAPI document only ({@code GET /openapi.json},
 * named by {@code routes/api/online.camel.yaml}). The API writes its JSON directly; these records describe it, and
 * OpenApiContractIT checks real answers against them.
 */
package io.fstore.serving.openapi;
