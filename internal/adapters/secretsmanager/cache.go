package secretsmanager

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// valueCache holds, by secret version, what the value says without the
// value itself. A version is immutable in Secrets Manager, so what was
// learnt of it stays true: a value is read once per version, and a pass
// in which no version changed reads none.
type valueCache struct {
	mu   sync.Mutex
	byID map[string]facts // by ARN + version ID
}

func newValueCache() *valueCache { return &valueCache{byID: map[string]facts{}} }

// facts reads what version holds, from the cache or else with one
// GetSecretValue.
func (c *valueCache) facts(ctx context.Context, api SecretsAPI, arn, version string) (facts, error) {
	key := arn + "\x00" + version
	c.mu.Lock()
	f, ok := c.byID[key]
	c.mu.Unlock()
	if ok {
		return f, nil
	}
	out, err := api.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String(arn), VersionId: aws.String(version)})
	if err != nil {
		return facts{}, fmt.Errorf("read value: %w", err)
	}
	f = readFacts(out.SecretString, aws.ToTime(out.CreatedDate))
	c.mu.Lock()
	c.byID[key] = f
	c.mu.Unlock()
	return f, nil
}

// current is the version ID labelled AWSCURRENT, "" for a secret with no
// value yet.
func current(stages map[string][]string) string {
	for id, labels := range stages {
		for _, l := range labels {
			if l == "AWSCURRENT" {
				return id
			}
		}
	}
	return ""
}
