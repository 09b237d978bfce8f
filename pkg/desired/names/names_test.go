package names

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

var snake = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestNames catches a field struct with an empty, misspelt-looking or
// repeated tag: the compiler checks the Go names, this checks the words.
func TestNames(t *testing.T) {
	if len(Kinds()) < 20 {
		t.Fatalf("only %d kinds declared", len(Kinds()))
	}
	for _, k := range Kinds() {
		seen := map[string]bool{}
		fs := Fields(k)
		for _, f := range fs {
			if !snake.MatchString(f) {
				t.Errorf("%s: field %q is not snake_case (missing field tag?)", k, f)
			}
			if seen[f] {
				t.Errorf("%s: field %q declared twice", k, f)
			}
			seen[f] = true
		}
		if !seen["tags"] {
			t.Errorf("%s: every kind carries tags", k)
		}
	}
	if Fields("no.such_kind") != nil {
		t.Error("Fields of an undeclared kind should be nil")
	}
	if Subnet.MapPublicIPOnLaunch != "map_public_ip_on_launch" {
		t.Errorf("Subnet.MapPublicIPOnLaunch = %q", Subnet.MapPublicIPOnLaunch)
	}
}

// TestEveryKindLivesInItsServiceFile keeps placement mechanical: a kind
// named <service>.<thing> is declared in <service>.go, as its adapter
// lives in internal/adapters/<service>.
func TestEveryKindLivesInItsServiceFile(t *testing.T) {
	for _, k := range Kinds() {
		service, _, ok := strings.Cut(k, ".")
		if !ok {
			t.Errorf("kind %q has no service prefix", k)
			continue
		}
		src, err := os.ReadFile(service + ".go")
		if err != nil {
			t.Errorf("kind %s: %v", k, err)
			continue
		}
		if !strings.Contains(string(src), `"`+k+`"`) {
			t.Errorf("kind %s is not declared in %s.go", k, service)
		}
	}
}
