package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// operatorValues are what the person puts into the operator secrets (made
// up: the fake never calls OpenAI or ghcr.io).
var operatorValues = map[string]string{
	"everruns/production/openai-api-key": `{"api_key":"sk-demo-not-a-real-key"}`,
	"everruns/production/ghcr":           `{"username":"demo","password":"not-a-real-token"}`,
}

// actAsPerson does what the first apply asked for: the operator secrets'
// values through Secrets Manager's API, and the certificate's validation
// CNAME at the DNS provider (the fake's hook plays the DNS).
func (w *world) actAsPerson() error {
	say("a person does what the reconciler asked for")
	cfg, err := config.LoadDefaultConfig(w.ctx)
	if err != nil {
		return err
	}
	client := sm.NewFromConfig(cfg)
	for _, name := range sortedKeys(operatorValues) {
		fmt.Printf("$ aws secretsmanager put-secret-value --secret-id %s --secret-string '…'\n", name)
		if _, err := client.PutSecretValue(w.ctx, &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(operatorValues[name])}); err != nil {
			return fmt.Errorf("put secret value: %w", err)
		}
	}
	fmt.Println("(the certificate's validation CNAME is created at the DNS provider)")
	resp, err := http.Post(w.endpoint+"/_devcloud/acm/validate?domain=poc.everruns.com", "", nil)
	if err != nil {
		return fmt.Errorf("validate the certificate: %w", err)
	}
	resp.Body.Close()
	return nil
}

// scaleAPI changes the API service's desired count through the ECS API,
// as the console would.
func (w *world) scaleAPI(n int32) error {
	cfg, err := config.LoadDefaultConfig(w.ctx)
	if err != nil {
		return err
	}
	_, err = ecs.NewFromConfig(cfg).UpdateService(w.ctx, &ecs.UpdateServiceInput{
		Cluster: aws.String("everruns-production"), Service: aws.String("everruns-api"), DesiredCount: aws.Int32(n)})
	return err
}

// withTag writes a copy of file in a new directory with the service's
// tag changed (the first "tag:" line after "  <service>:" under services)
// and returns its path and the tag it had.
func withTag(file, service, tag string) (path, old string, err error) {
	body, err := os.ReadFile(file)
	if err != nil {
		return "", "", err
	}
	text := string(body)
	services := strings.Index(text, "\nservices:\n")
	at := strings.Index(text[max(services, 0):], "\n  "+service+":\n")
	if services < 0 || at < 0 {
		return "", "", fmt.Errorf("%s has no service %s", file, service)
	}
	at += services
	i := strings.Index(text[at:], "tag: ")
	j := strings.IndexByte(text[at+i:], '\n')
	if i < 0 || j < 0 {
		return "", "", fmt.Errorf("service %s has no tag", service)
	}
	value := strings.Fields(text[at+i+len("tag: ") : at+i+j])
	if len(value) == 0 {
		return "", "", fmt.Errorf("service %s has an empty tag", service)
	}
	old = value[0]
	text = text[:at+i] + "tag: " + tag + text[at+i+j:]
	dir, err := os.MkdirTemp("", "demo-release-")
	if err != nil {
		return "", "", err
	}
	path = filepath.Join(dir, "environment.yaml")
	return path, old, os.WriteFile(path, []byte(text), 0o600)
}

func printCalls(calls map[string]int) {
	fmt.Println("AWS calls made by that diff:")
	for _, k := range sortedKeys(calls) {
		fmt.Printf("  %-48s %d\n", k, calls[k])
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
