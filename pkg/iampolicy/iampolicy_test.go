package iampolicy

import (
	"net/url"
	"strings"
	"testing"
)

// awsEncoded is doc as IAM returns it: RFC 3986 percent-encoded.
func awsEncoded(doc string) string {
	return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20")
}

func TestAWSShapedDocumentsEqualTheFilesCanonicalForm(t *testing.T) {
	for name, tc := range map[string]struct{ file, aws string }{
		"trust policy: single values unwrapped, keys reordered": {
			file: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ecs-tasks.amazonaws.com"]},"Action":["sts:AssumeRole"]}]}`,
			aws:  `{"Statement":[{"Action":"sts:AssumeRole","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Effect":"Allow"}],"Version":"2012-10-17"}`,
		},
		"lone statement object, resources reordered": {
			file: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":["arn:aws:secretsmanager:us-east-1:*:secret:b-??????","arn:aws:secretsmanager:us-east-1:*:secret:a-??????"]}]}`,
			aws:  `{"Version":"2012-10-17","Statement":{"Resource":["arn:aws:secretsmanager:us-east-1:*:secret:a-??????","arn:aws:secretsmanager:us-east-1:*:secret:b-??????"],"Effect":"Allow","Action":"secretsmanager:GetSecretValue"}}`,
		},
		"statements reordered, condition values unwrapped": {
			file: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":["k"],"Condition":{"StringEquals":{"kms:ViaService":["secretsmanager.us-east-1.amazonaws.com"]}}},{"Effect":"Deny","NotAction":["iam:*"],"NotResource":["*"]}]}`,
			aws:  `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotResource":"*","NotAction":"iam:*"},{"Condition":{"StringEquals":{"kms:ViaService":"secretsmanager.us-east-1.amazonaws.com"}},"Resource":"k","Action":"kms:Decrypt","Effect":"Allow"}]}`,
		},
	} {
		want, err := Canonical(tc.file)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := Observed(awsEncoded(tc.aws)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}

func TestADifferentPolicyStaysDifferent(t *testing.T) {
	a, _ := Canonical(`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	for name, doc := range map[string]string{
		"another action":  `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`,
		"one more action": `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}`,
		"deny":            `{"Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}`,
		"star principal":  `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Principal":"*"}]}`,
	} {
		if got := Observed(awsEncoded(doc)); got == a {
			t.Errorf("%s: canonical form equals the original's: %s", name, got)
		}
	}
}

func TestDecodeKeepsPlusAndRawText(t *testing.T) {
	if got := Decode("a%2Bb%20c+d"); got != "a+b c+d" {
		t.Errorf("Decode = %q", got)
	}
	if got := Decode(`{"x":"100%"}`); got != `{"x":"100%"}` {
		t.Errorf("raw text changed: %q", got)
	}
	if _, err := Canonical("[1]"); err == nil {
		t.Error("a JSON array is not a policy document")
	}
}
