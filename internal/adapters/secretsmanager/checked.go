package secretsmanager

import (
	"context"
	"maps"
	"regexp"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// The facts learnt of a secret version are recorded on the secret, so
// that a new process (diff in CI) need not read the value again: a
// version never changes, and ListSecrets says which version is current.
// Only what a value tells without being kept is recorded (its keys and a
// database secret's connection facts; never the password), and only by
// an apply (reconcile.Acting): diff writes nothing.
const (
	// tagChecked: "v=<version ID> o=<1 if a JSON object> k=<key+key+…>"
	// (a tag value holds no comma).
	tagChecked = "everruns:checked"
	// tagCheckedDB: a database value's facts, present when any is set:
	// "c=<coherent> w=<has password> p=<port> u=<username> d=<database>
	// s=<sslmode> h=<host>".
	tagCheckedDB = "everruns:checked-db"
)

// tagValue is what Secrets Manager accepts in a tag value, without the
// space that separates the recorded facts; a fact outside it is not
// recorded (the value is read instead).
var tagValue = regexp.MustCompile(`^[\p{L}\p{N}_.:/=+\-@]*$`)

const maxTagValue = 256

// keySep separates the recorded keys; a key that holds it is not recorded.
const keySep = "+"

// checkedTags are the tags that record f as version's facts; ok is false
// when they would not fit in a tag.
func checkedTags(version string, f facts) (map[string]string, bool) {
	for _, k := range f.keys {
		if strings.Contains(k, keySep) {
			return nil, false
		}
	}
	out := map[string]string{tagChecked: join("v", version, "o", flag(f.object), "k", strings.Join(f.keys, keySep))}
	if f.db != (dbFacts{}) {
		d := f.db
		out[tagCheckedDB] = join("c", flag(d.coherent), "w", flag(d.hasPassword), "p", strconv.FormatInt(d.port, 10),
			"u", d.username, "d", d.database, "s", d.sslmode, "h", d.host)
	}
	for _, v := range out {
		if v == "" {
			return nil, false
		}
	}
	return out, true
}

// join is "k1=v1 k2=v2 …", "" when a value has a character a tag cannot
// hold (or a space) or the whole is too long.
func join(kv ...string) string {
	parts := make([]string, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		if !tagValue.MatchString(kv[i+1]) {
			return ""
		}
		parts = append(parts, kv[i]+"="+kv[i+1])
	}
	s := strings.Join(parts, " ")
	if len(s) > maxTagValue {
		return ""
	}
	return s
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func fields(s string) map[string]string {
	out := map[string]string{}
	for _, p := range strings.Fields(s) {
		k, v, _ := strings.Cut(p, "=")
		out[k] = v
	}
	return out
}

// recorded is version's facts from the secret's tags, when they record
// this version.
func recorded(tags map[string]string, version string) (facts, bool) {
	c := fields(tags[tagChecked])
	if version == "" || c["v"] != version {
		return facts{}, false
	}
	f := facts{object: c["o"] == "1"}
	if k := c["k"]; k != "" {
		f.keys = strings.Split(k, keySep)
	}
	if s, ok := tags[tagCheckedDB]; ok {
		d := fields(s)
		port, err := strconv.ParseInt(d["p"], 10, 64)
		if err != nil {
			return facts{}, false
		}
		f.db = dbFacts{coherent: d["c"] == "1", hasPassword: d["w"] == "1", port: port,
			username: d["u"], database: d["d"], sslmode: d["s"], host: d["h"]}
	}
	return f, true
}

// record writes f as version's facts on the secret. It is bookkeeping: a
// failure (a policy without the tagging action) only means the value is
// read again next time, so it fails nothing.
func record(ctx context.Context, api SecretsAPI, arn, version string, f facts) {
	tags, ok := checkedTags(version, f)
	if !ok {
		return
	}
	in := &sm.TagResourceInput{SecretId: aws.String(arn)}
	for k, v := range tags {
		in.Tags = append(in.Tags, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	_, _ = api.TagResource(ctx, in)
}

// withoutChecked is tags without the recorded facts: bookkeeping, never
// part of the observed tags field (so never drift, never removed).
func withoutChecked(tags map[string]string) map[string]string {
	out := maps.Clone(tags)
	delete(out, tagChecked)
	delete(out, tagCheckedDB)
	return out
}
