package desired

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Load reads, decodes, defaults and validates the environment file at path.
// The environment is nil when the file could not be decoded; when it is not
// nil but the diagnostics hold errors, it must not be acted upon. A file
// that cannot be read at all is reported without a position ("FILE: no
// such file"): there is no line to point at.
func Load(path string) (*Environment, Diagnostics) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileDiagnostic(path, err)
	}
	defer f.Close()
	data, err := readLimited(f)
	if err != nil {
		return nil, fileDiagnostic(path, err)
	}
	return Parse(path, data)
}

// LoadReader is Load for a stream (standard input, for -f -), naming it
// name in diagnostics.
func LoadReader(name string, r io.Reader) (*Environment, Diagnostics) {
	data, err := readLimited(r)
	if err != nil {
		return nil, fileDiagnostic(name, err)
	}
	return Parse(name, data)
}

// fileDiagnostic is a whole-file problem: the system's reason without the
// path it repeats (os.PathError's "open FILE: "), at no line.
func fileDiagnostic(name string, err error) Diagnostics {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		err = errors.New("no such file")
	}
	return Diagnostics{{File: name, Message: err.Error()}}.redacted()
}

// readLimited reads at most one byte more than MaxFileSize, so that a huge
// file (or /dev/zero) costs no more than the limit.
func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read environment file: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(r)
	}
	return data, nil
}

// tooLarge says how large the file is when it can know without reading it
// (a regular file), and only that it passes the limit otherwise
// (/dev/zero, a pipe).
func tooLarge(r io.Reader) error {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return fmt.Errorf("file is %d bytes, larger than the %d-byte limit", st.Size(), MaxFileSize)
		}
	}
	return fmt.Errorf("file is larger than the %d-byte limit", MaxFileSize)
}

// Parse decodes, defaults and validates data, naming it filename in
// diagnostics. See Load.
func Parse(filename string, data []byte) (*Environment, Diagnostics) {
	env, diags := parse(filename, data)
	return env, diags.redacted()
}

func parse(filename string, data []byte) (*Environment, Diagnostics) {
	root, diag := parseNode(filename, data)
	if diag != nil {
		return nil, Diagnostics{*diag}
	}
	d := &decoder{file: filename, pos: positions{}}
	env := &Environment{}
	d.decode(root, reflect.ValueOf(env).Elem(), "", 0)
	if d.diags.HasErrors() {
		return nil, d.diags.sorted()
	}
	env.pos = d.pos
	env.file = filename
	applyDefaults(env)
	diags := append(d.diags, validate(env)...)
	if !diags.HasErrors() {
		diags = append(diags, env.checkPolicies()...)
	}
	return env, diags.sorted()
}

// parseNode checks the raw bytes, then parses exactly one YAML document.
func parseNode(filename string, data []byte) (*yaml.Node, *Diagnostic) {
	fail := func(line int, err error) (*yaml.Node, *Diagnostic) {
		return nil, &Diagnostic{File: filename, Line: max(line, 1), Col: 1, Message: err.Error()}
	}
	if err := checkBytes(data); err != nil {
		return fail(1, err)
	}
	if line, err := checkDepth(data); err != nil {
		return fail(line, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return fail(1, errors.New("file is empty"))
		}
		return fail(yamlErrorLine(err), fmt.Errorf("parse YAML: %w", err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return fail(extra.Line, errors.New("more than one YAML document; the file holds one environment"))
	}
	if n, msg := scanTree(&doc, 0, new(int)); n != nil {
		return fail(n.Line, errors.New(msg))
	}
	if len(doc.Content) == 0 {
		return fail(1, errors.New("file is empty"))
	}
	return doc.Content[0], nil
}

// scanTree walks the whole tree before decoding, because keys the types do
// not know are never decoded: it refuses anchors and aliases anywhere (no
// alias bomb can be expanded later by anyone), nesting beyond maxDepth and
// more than maxNodes nodes, stopping at the first problem.
func scanTree(n *yaml.Node, depth int, count *int) (*yaml.Node, string) {
	*count++
	switch {
	case *count > maxNodes:
		return n, fmt.Sprintf("file has more than %d YAML nodes", maxNodes)
	case depth > maxDepth:
		return n, fmt.Sprintf("nesting deeper than %d levels", maxDepth)
	case n.Kind == yaml.AliasNode || n.Anchor != "":
		return n, "YAML anchors and aliases are not allowed; write the value out"
	}
	for _, c := range n.Content {
		if bad, msg := scanTree(c, depth+1, count); bad != nil {
			return bad, msg
		}
	}
	return nil, ""
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlErrorLine digs the line out of a yaml.v3 syntax error, which carries
// it only in its text.
func yamlErrorLine(err error) int {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
