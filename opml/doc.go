// Package opml is the deterministic inference engine: model file format,
// graph executor, execution trace and cost model. Its numeric rules are in
// SPEC.md beside this file.
package opml
