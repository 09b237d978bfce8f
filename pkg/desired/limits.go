package desired

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Limits on input, so that a hostile or broken file is refused quickly and
// in bounded memory. The real environment file is a few KiB.
const (
	// MaxFileSize is the largest file accepted.
	MaxFileSize = 1 << 20
	// maxNodes bounds the YAML node tree (the seed's file has ~1,000).
	maxNodes = 100_000
	// maxDepth bounds nesting; the types of the file need fewer than 10.
	maxDepth = 32
)

// checkBytes refuses input that is not a text file of reasonable size.
func checkBytes(data []byte) error {
	if len(data) > MaxFileSize {
		return fmt.Errorf("file is %d bytes, larger than the %d-byte limit", len(data), MaxFileSize)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("file contains a NUL byte at offset %d: not a text file", i)
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("file is not valid UTF-8")
	}
	return nil
}

// checkDepth refuses flow nesting deeper than maxDepth before the YAML
// parser sees it: the parser recurses per level, so a file of 1 MiB of "["
// would otherwise cost a deep stack. Block nesting is bounded by
// indentation and checked on the node tree.
func checkDepth(data []byte) (line int, err error) {
	depth, line := 0, 1
	inQuote, inComment := byte(0), false
	for _, c := range data {
		switch {
		case c == '\n':
			line++
			// Quoted scalars may span lines; resetting here only errs
			// towards refusing less, and the parser has its own limit.
			inQuote, inComment = 0, false
		case inComment:
		case c == '#':
			inComment = true
		case inQuote != 0:
			if c == inQuote {
				inQuote = 0
			}
		case c == '"' || c == '\'':
			inQuote = c
		case c == '[' || c == '{':
			depth++
			if depth > maxDepth {
				return line, fmt.Errorf("nesting deeper than %d levels", maxDepth)
			}
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0, nil
}
