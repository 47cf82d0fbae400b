// The GUI arrives with its own issue; this keeps the static library well-formed until then.
