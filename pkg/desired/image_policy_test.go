package desired

import (
	"strings"
	"testing"
)

// TestImagePolicy: the default is tag; digest lets a moving tag through,
// since the reconciler pins it to a digest at each pass; tag still
// refuses one.
func TestImagePolicy(t *testing.T) {
	base := readFile(t, "../../test/testdata/invalid/tag-latest.yaml")
	env, diags := Parse("digest.yaml", []byte(strings.Replace(base, "    tag: latest\n", "    tag: latest\n    image_policy: digest\n", 1)))
	if diags.HasErrors() {
		t.Fatalf("latest with image_policy digest refused:\n%s", diags.Error())
	}
	if got := env.Services["api"].ImagePolicy; got != ImagePolicyDigest {
		t.Errorf("api image_policy = %q, want digest", got)
	}
	if got := env.Services["ui"].ImagePolicy; got != ImagePolicyTag {
		t.Errorf("ui image_policy = %q, want the default tag", got)
	}
	_, diags = Parse("tag.yaml", []byte(strings.Replace(base, "    tag: latest\n", "    tag: latest\n    image_policy: tag\n", 1)))
	if !strings.Contains(diags.Error(), "is mutable") {
		t.Errorf("latest with image_policy tag accepted: %v", diags.Error())
	}
}
