package secretsmanager

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/adapters/concur"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// valueCache holds, by secret version, what the value says without the
// value itself. A version is immutable in Secrets Manager, so what was
// learnt of it stays true: a value is read once per version, and a pass
// in which no version changed reads none.
type valueCache struct {
	mu   sync.Mutex
	byID map[string]facts // by ARN + version ID
	// reads joins the kinds that ask for one version at once (the secret
	// and the database credentials kinds both observe the database secret).
	reads concur.Flight[facts]
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
	f, err := c.reads.Do(ctx, key, func(ctx context.Context) (facts, error) {
		out, err := api.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String(arn), VersionId: aws.String(version)})
		if err != nil {
			return facts{}, fmt.Errorf("read value: %w", err)
		}
		return readFacts(out.SecretString, aws.ToTime(out.CreatedDate)), nil
	})
	if err != nil {
		return facts{}, err
	}
	c.keep(key, f)
	return f, nil
}

func (c *valueCache) keep(key string, f facts) {
	c.mu.Lock()
	c.byID[key] = f
	c.mu.Unlock()
}

// observed is the facts of a listed secret's current version: from the
// cache, else from the facts recorded on the secret (its tags), else read,
// and then recorded when the pass is an apply's.
func (c *valueCache) observed(ctx context.Context, api SecretsAPI, arn, version string, tags map[string]string) (facts, error) {
	key := arn + "\x00" + version
	c.mu.Lock()
	f, ok := c.byID[key]
	c.mu.Unlock()
	if ok {
		return f, nil
	}
	if f, ok := recorded(tags, version); ok {
		c.keep(key, f)
		return f, nil
	}
	f, err := c.facts(ctx, api, arn, version)
	if err == nil && reconcile.Acting(ctx) {
		record(ctx, api, arn, version, f)
	}
	return f, err
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
