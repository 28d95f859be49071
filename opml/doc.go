// Package opml is the deterministic inference engine: model file format,
// graph executor, execution trace and cost model. Its numeric rules are in
// SPEC.md beside this file. Tensor bytes are little endian by definition;
// the engine gives the same bytes on little- and big-endian hosts, with no
// host-order casts on big-endian ones (SPEC.md, section 1).
package opml
