package desired

import (
	"os"
	"strings"
	"testing"
)

// credentials are values shaped like secrets, one of each kind the loader
// recognises.
var credentials = []string{
	"sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789",
	"ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
	"github_pat_11AbCdEfGhIjKlMnOpQrStUv",
	"AKIAABCDEFGHIJKLMNOP",
	"xoxb-123456789012-abcdefghij",
	"glpat-AbCdEfGhIjKlMnOpQrSt",
	"AIzaSyAbCdEfGhIjKlMnOpQrStUvWxYz012345678",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig",
	"postgres://admin:hunter2hunter2@db.example.com",
}

// TestNoMessageCarriesACredential puts credential-shaped values wherever
// the file takes text — environment values, commands, tags, names, images,
// the errata-checked Temporal settings, numbers, keys — runs every
// validation over them, and checks that no message repeats one.
func TestNoMessageCarriesACredential(t *testing.T) {
	seed, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, cred := range credentials {
		t.Run(cred[:8], func(t *testing.T) {
			src := string(seed)
			for _, r := range []struct{ old, new string }{
				{"DB: postgres12 ", "DB: \"" + cred + "\" "},                           // errata message
				{"SQL_PLUGIN: postgres12 ", "SQL_PLUGIN: \"" + cred + "\" "},           // errata message
				{"RUST_LOG: info", "RUST_LOG: \"" + cred + "\""},                       // plain environment value
				{"command: [migrate]", "command: [migrate, \"--token=" + cred + "\"]"}, // command line
				{"project: everruns", "project: \"" + cred + "\""},                     // a name
				{"domain: poc.everruns.com", "domain: \"" + cred + "\""},               // a domain
				{"image: ghcr.io/everruns/everruns-ui", "image: \"" + cred + "\""},     // an image
				{"monthly_usd: 135", "monthly_usd: \"" + cred + "\""},                  // a number
				{"instance_class: db.t4g.micro", "instance_class: \"" + cred + "\""},
				{"retention_days: 30", "retention_days: 30\n    \"" + cred + "\": 1"}, // an unknown key
			} {
				if !strings.Contains(src, r.old) {
					t.Fatalf("the seed no longer contains %q: update the test", r.old)
				}
				src = strings.Replace(src, r.old, r.new, 1)
			}
			_, diags := Parse("environment.yaml", []byte(src))
			if len(diags) == 0 {
				t.Fatal("no diagnostics for a file full of credentials")
			}
			out := diags.Error()
			if strings.Contains(out, cred) || strings.Contains(out, cred[:12]) {
				t.Errorf("a message repeats the credential:\n%s", out)
			}
		})
	}
}

func TestTheSizeErrorSaysTheRealSize(t *testing.T) {
	path := t.TempDir() + "/big.yaml"
	if err := os.WriteFile(path, make([]byte, 3*MaxFileSize), 0o600); err != nil {
		t.Fatal(err)
	}
	_, diags := Load(path)
	if want := "3145728 bytes"; len(diags) != 1 || !strings.Contains(diags[0].Message, want) {
		t.Errorf("diagnostics %v, want the size %s", diags, want)
	}
}
