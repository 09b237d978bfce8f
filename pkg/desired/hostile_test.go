package desired

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

// maxHostileAlloc bounds what refusing one hostile input may allocate: a
// few times the largest accepted file, far below what an expanded alias
// bomb or an unbounded node tree would take.
const maxHostileAlloc = 64 << 20

// hostileInputs are refused with a message that says why.
func hostileInputs() map[string]struct {
	data []byte
	want string
} {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		bomb += string(i) + ": &" + string(i) + " [*" + string(i-1) + ", *" + string(i-1) + ", *" + string(i-1) + ", *" + string(i-1) + "]\n"
	}
	return map[string]struct {
		data []byte
		want string
	}{
		"too large":      {bytes.Repeat([]byte("# x\n"), MaxFileSize/4+1), "larger than"},
		"NUL byte":       {[]byte("environment: prod\x00uction\n"), "NUL byte"},
		"not UTF-8":      {[]byte("environment: \xff\xfe\n"), "not valid UTF-8"},
		"alias bomb":     {[]byte(bomb), "anchors and aliases are not allowed"},
		"deep flow":      {[]byte("x: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000)), "nesting deeper"},
		"deep block":     {[]byte(deepBlock(40)), "nesting deeper"},
		"many nodes":     {[]byte("tags: [" + strings.Repeat("1,", maxNodes) + "1]"), "YAML nodes"},
		"empty":          {[]byte(""), "empty"},
		"two documents":  {[]byte("environment: a\n---\nenvironment: b\n"), "more than one YAML document"},
		"merge key":      {[]byte("environment: a\n<<: {region: us-east-1}\n"), "merge keys"},
		"top-level list": {[]byte("- a\n"), "expected a mapping"},
	}
}

// TestHostileInput: each input is refused, within a memory bound, with a
// message that says why.
func TestHostileInput(t *testing.T) {
	for name, tc := range hostileInputs() {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			env, diags := Parse("hostile.yaml", tc.data)
			runtime.ReadMemStats(&after)
			// Refused without exhausting memory: a bound on what parsing
			// allocated, not on time (time is measured in BENCHMARKS.md).
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > maxHostileAlloc {
				t.Errorf("allocated %d MiB, want at most %d MiB", alloc>>20, maxHostileAlloc>>20)
			}
			if env != nil || !diags.HasErrors() {
				t.Fatalf("want refusal, got env=%v diags=%v", env != nil, diags)
			}
			if !strings.Contains(diags.Error(), tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, diags.Error())
			}
		})
	}
}

// deepBlock nests n block mappings, each indented one more step.
func deepBlock(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

// TestSecretValuesNeverEchoed: a credential in a plain variable is refused
// without its value appearing anywhere in the diagnostics.
func TestSecretValuesNeverEchoed(t *testing.T) {
	base := readFile(t, "../../test/testdata/valid-minimal.yaml")
	for _, secret := range []string{
		"sk-proj-Zq8m2Xv7Lr4Tn9Wb1Kc6Yd3Hs5Gf0Aj",
		"ghp_Zq8m2Xv7Lr4Tn9Wb1Kc6Yd3Hs5Gf0AjPq",
		"github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
		"AKIAZQ8M2XV7LR4TN9WB",
		"postgres://admin:Zq8m2Xv7Lr4T@db:5432/x",
	} {
		data := strings.Replace(base, "      RUST_LOG: info\n", "      RUST_LOG: info\n      LEAK: \""+secret+"\"\n", 1)
		_, diags := Parse("f.yaml", []byte(data))
		if !diags.HasErrors() {
			t.Errorf("%.6s…: not refused", secret)
		}
		for _, frag := range []string{secret, secret[8:20]} {
			if strings.Contains(diags.Error(), frag) {
				t.Errorf("diagnostics repeat the secret value: %s", diags.Error())
			}
		}
		// A wrong type must not echo the value either.
		data = strings.Replace(base, "      RUST_LOG: info\n", "      RUST_LOG: info\n      LEAK: ["+secret+"]\n", 1)
		if _, diags := Parse("f.yaml", []byte(data)); strings.Contains(diags.Error(), secret) {
			t.Errorf("type error repeats the value: %s", diags.Error())
		}
	}
}

// TestAllErrorsCollected: one run reports every problem, with positions,
// in FILE:LINE:COL form.
func TestAllErrorsCollected(t *testing.T) {
	data := "environment: production\nregion: us-east-1\nbogus: 1\nnetwork:\n  cidr: 10.0.0.0/16\n  nat_gateways: x\n  wrong: 2\n"
	_, diags := Parse("e.yaml", []byte(data))
	got := strings.Split(diags.Error(), "\n")
	want := []string{
		`e.yaml:3:1: unknown key "bogus" in the top level`,
		`e.yaml:6:17: network.nat_gateways: expected an integer, got a string`,
		`e.yaml:7:3: unknown key "wrong" in network`,
	}
	if d := cmpStrings(want, got); d != "" {
		t.Error(d)
	}
}

// BenchmarkHostileInput: how long refusing each hostile input takes.
func BenchmarkHostileInput(b *testing.B) {
	for name, tc := range hostileInputs() {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				if env, _ := Parse("hostile.yaml", tc.data); env != nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}
