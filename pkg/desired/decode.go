package desired

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder turns a yaml.Node tree into the Go types of the file, strictly:
// an unknown key, a wrong type or a duplicate key is an error, and every
// error is collected with its position instead of stopping at the first.
// yaml.v3's own Decode with KnownFields reports lines without columns and
// would expand aliases, which this project refuses.
type decoder struct {
	file  string
	diags Diagnostics
	pos   positions
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.diags = append(d.diags, Diagnostic{File: d.file, Line: n.Line, Col: n.Column, Message: fmt.Sprintf(format, args...)})
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, depth int) {
	if depth > maxDepth {
		d.errorf(n, "nesting deeper than %d levels", maxDepth)
		return
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		// Refusing anchors and aliases outright removes alias bombs (a
		// billion laughs) and keeps every value where a person reads it.
		d.errorf(n, "YAML anchors and aliases are not allowed; write the value out")
		return
	}
	d.pos[path] = Pos{n.Line, n.Column}
	if v.Kind() == reflect.Pointer {
		if isNull(n) {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path, depth)
	case reflect.Map:
		d.decodeMap(n, v, path, depth)
	case reflect.Slice:
		d.decodeSlice(n, v, path, depth)
	default:
		d.decodeScalar(n, v, path)
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// keys walks a mapping's keys, refusing non-string and duplicate keys.
func (d *decoder) keys(n *yaml.Node, path string, each func(key string, k, val *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s: expected a mapping, got %s", describePath(path), kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
			d.errorf(k, "keys must be plain strings (no merge keys or complex keys)")
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.errorf(k, "duplicate key %q (first at line %d)", k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		each(k.Value, k, val)
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string, depth int) {
	if isNull(n) {
		return // "cluster:" with nothing under it: all defaults
	}
	fields := fieldIndex(v.Type())
	d.keys(n, path, func(key string, k, val *yaml.Node) {
		idx, ok := fields[key]
		if !ok {
			d.errorf(k, "unknown key %q in %s%s", key, describePath(path), unknownHint(key))
			return
		}
		d.decode(val, v.FieldByIndex(idx), join(path, key), depth+1)
	})
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string, depth int) {
	if isNull(n) {
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	d.keys(n, path, func(key string, k, val *yaml.Node) {
		if key == "" {
			d.errorf(k, "empty key in %s", describePath(path))
			return
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, elem, join(path, key), depth+1)
		v.SetMapIndex(reflect.ValueOf(key), elem)
	})
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path string, depth int) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: expected a list, got %s", describePath(path), kindName(n))
		return
	}
	// A non-nil empty slice keeps "egress: []" (revoke all) apart from an
	// omitted egress (the default rule).
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1)
	}
	v.Set(s)
}

func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "%s: expected %s, got %s", describePath(path), goKindName(v.Kind()), kindName(n))
		return
	}
	tag := n.ShortTag()
	switch v.Kind() {
	case reflect.String:
		if tag != "!!str" {
			// A version written 16.10 would become 16.1: ask for quotes
			// rather than guess. The value is not repeated (it may be a secret).
			d.errorf(n, "%s: expected a string, got %s; quote the value", describePath(path), tagName(tag))
			return
		}
		v.SetString(n.Value)
	case reflect.Int, reflect.Int64:
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if tag != "!!int" || err != nil || v.OverflowInt(i) {
			d.errorf(n, "%s: expected an integer, got %s", describePath(path), tagName(tag))
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, 64)
		if (tag != "!!int" && tag != "!!float") || err != nil {
			d.errorf(n, "%s: expected a number, got %s", describePath(path), tagName(tag))
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		if tag != "!!bool" {
			d.errorf(n, "%s: expected true or false, got %s", describePath(path), tagName(tag))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	default:
		d.errorf(n, "%s: cannot decode into %s", describePath(path), v.Type())
	}
}
