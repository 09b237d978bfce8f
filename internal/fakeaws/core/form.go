package core

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// DecodeForm fills in, a pointer to an aws-sdk-go v1 input shape, from a
// Query or EC2Query form. It is the inverse of the SDK's query serializer
// (private/protocol/query/queryutil): member names come from the queryName
// and locationName tags, lists are "Name.member.N" (Query) or "Name.N"
// (EC2Query and flattened lists), maps are "Name.entry.N.key/value".
func DecodeForm(form url.Values, in any, isEC2 bool) error {
	d := formDecoder{form: form, isEC2: isEC2}
	v := reflect.ValueOf(in)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("decode form: need a non-nil pointer, got %T", in)
	}
	return d.decodeStruct(v.Elem(), "")
}

type formDecoder struct {
	form  url.Values
	isEC2 bool
}

// has reports whether any form key is name or starts with name + ".".
func (d formDecoder) has(name string) bool {
	if _, ok := d.form[name]; ok {
		return true
	}
	p := name + "."
	for k := range d.form {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

func (d formDecoder) memberName(f reflect.StructField) string {
	var name string
	if d.isEC2 {
		name = f.Tag.Get("queryName")
	}
	if name == "" {
		if f.Tag.Get("flattened") != "" && f.Tag.Get("locationNameList") != "" {
			name = f.Tag.Get("locationNameList")
		} else if loc := f.Tag.Get("locationName"); loc != "" {
			name = loc
		}
		if name != "" && d.isEC2 {
			name = strings.ToUpper(name[:1]) + name[1:]
		}
	}
	if name == "" {
		name = f.Name
	}
	return name
}

func (d formDecoder) decodeStruct(v reflect.Value, prefix string) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.PkgPath != "" || f.Tag.Get("ignore") != "" {
			continue
		}
		name := d.memberName(f)
		if prefix != "" {
			name = prefix + "." + name
		}
		if !d.has(name) {
			continue
		}
		if err := d.decodeValue(v.Field(i), name, f.Tag); err != nil {
			return err
		}
	}
	return nil
}

func (d formDecoder) decodeValue(v reflect.Value, name string, tag reflect.StructTag) error {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.decodeValue(v.Elem(), name, tag)
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return d.decodeScalar(v, name)
		}
		return d.decodeStruct(v, name)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return d.decodeScalar(v, name)
		}
		return d.decodeList(v, name, tag)
	case reflect.Map:
		return d.decodeMap(v, name, tag)
	default:
		return d.decodeScalar(v, name)
	}
}

func (d formDecoder) listPrefix(name string, tag reflect.StructTag) string {
	if d.isEC2 || tag.Get("flattened") != "" {
		return name
	}
	if l := tag.Get("locationNameList"); l != "" {
		return name + "." + l
	}
	return name + ".member"
}

func (d formDecoder) decodeList(v reflect.Value, name string, tag reflect.StructTag) error {
	prefix := d.listPrefix(name, tag)
	out := reflect.MakeSlice(v.Type(), 0, 0)
	for n := 1; ; n++ {
		item := prefix + "." + strconv.Itoa(n)
		if !d.has(item) {
			break
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		if err := d.decodeValue(elem, item, ""); err != nil {
			return err
		}
		out = reflect.Append(out, elem)
	}
	v.Set(out)
	return nil
}

func (d formDecoder) decodeMap(v reflect.Value, name string, tag reflect.StructTag) error {
	prefix := name
	if !d.isEC2 && tag.Get("flattened") == "" {
		prefix += ".entry"
	}
	kname, vname := tag.Get("locationNameKey"), tag.Get("locationNameValue")
	if kname == "" {
		kname = "key"
	}
	if vname == "" {
		vname = "value"
	}
	out := reflect.MakeMap(v.Type())
	for n := 1; ; n++ {
		entry := prefix + "." + strconv.Itoa(n)
		if !d.has(entry) {
			break
		}
		key := reflect.New(v.Type().Key()).Elem()
		if err := d.decodeValue(key, entry+"."+kname, ""); err != nil {
			return err
		}
		val := reflect.New(v.Type().Elem()).Elem()
		if err := d.decodeValue(val, entry+"."+vname, ""); err != nil {
			return err
		}
		out.SetMapIndex(key, val)
	}
	v.Set(out)
	return nil
}

func (d formDecoder) decodeScalar(v reflect.Value, name string) error {
	s := d.form.Get(name)
	invalid := func(kind string) error {
		return BadRequest("InvalidParameterValue", "Value (%s) for parameter %s is invalid. Expected %s.", s, name, kind)
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return invalid("a boolean")
		}
		v.SetBool(b)
	case reflect.Int64, reflect.Int:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return invalid("an integer")
		}
		v.SetInt(n)
	case reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return invalid("a number")
		}
		v.SetFloat(f)
	case reflect.Slice: // []byte, base64
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return invalid("base64 data")
		}
		v.SetBytes(b)
	case reflect.Struct: // time.Time, ISO 8601
		ts, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return invalid("an ISO 8601 timestamp")
		}
		v.Set(reflect.ValueOf(ts))
	default:
		return fmt.Errorf("decode form %s: unsupported kind %s", name, v.Kind())
	}
	return nil
}
