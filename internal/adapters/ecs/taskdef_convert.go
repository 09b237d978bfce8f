package ecs

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// registerInput is the RegisterTaskDefinition request for the desired
// fields (refs resolved), without tags; lists are in a fixed order
// (environment and secrets by name) so that its hash is the definition's.
func registerInput(f map[string]any) (*ecs.RegisterTaskDefinitionInput, error) {
	var rd kit.Reader
	td := names.TaskDefinition
	rp := rd.Map(f, td.RuntimePlatform)
	in := &ecs.RegisterTaskDefinitionInput{
		Family:           aws.String(rd.String(f, td.Family)),
		Cpu:              aws.String(strconv.FormatInt(rd.Int(f, td.CPU), 10)),
		Memory:           aws.String(strconv.FormatInt(rd.Int(f, td.Memory), 10)),
		NetworkMode:      types.NetworkMode(rd.String(f, td.NetworkMode)),
		ExecutionRoleArn: aws.String(rd.String(f, td.ExecutionRoleARN)),
		TaskRoleArn:      aws.String(rd.String(f, td.TaskRoleARN)),
		RuntimePlatform: &types.RuntimePlatform{
			CpuArchitecture:       types.CPUArchitecture(rd.String(rp, names.RuntimePlatform.CPUArchitecture)),
			OperatingSystemFamily: types.OSFamily(rd.String(rp, names.RuntimePlatform.OperatingSystemFamily)),
		},
	}
	for _, c := range rd.Strings(f, td.RequiresCompatibilities) {
		in.RequiresCompatibilities = append(in.RequiresCompatibilities, types.Compatibility(c))
	}
	for _, m := range rd.Maps(f, td.ContainerDefinitions) {
		in.ContainerDefinitions = append(in.ContainerDefinitions, containerInput(&rd, m))
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

func containerInput(rd *kit.Reader, m map[string]any) types.ContainerDefinition {
	cd := names.Container
	c := types.ContainerDefinition{
		Name: aws.String(rd.String(m, cd.Name)), Image: aws.String(rd.String(m, cd.Image)),
		Essential: aws.Bool(rd.Bool(m, cd.Essential)), EntryPoint: rd.Strings(m, cd.EntryPoint), Command: rd.Strings(m, cd.Command),
	}
	env := rd.Map(m, cd.Environment)
	for _, k := range sortedKeys(env) {
		c.Environment = append(c.Environment, types.KeyValuePair{Name: aws.String(k), Value: aws.String(rd.String(env, k))})
	}
	secrets := rd.Map(m, cd.Secrets)
	for _, k := range sortedKeys(secrets) {
		s := rd.Map(secrets, k)
		from := rd.String(s, names.ContainerSecret.SecretARN) + ":" + rd.String(s, names.ContainerSecret.Key) + "::"
		c.Secrets = append(c.Secrets, types.Secret{Name: aws.String(k), ValueFrom: aws.String(from)})
	}
	if m[cd.LogConfiguration] != nil {
		lc, l := rd.Map(m, cd.LogConfiguration), names.ContainerLog
		c.LogConfiguration = &types.LogConfiguration{LogDriver: types.LogDriverAwslogs, Options: map[string]string{
			"awslogs-group": rd.String(lc, l.LogGroup), "awslogs-region": rd.String(lc, l.Region), "awslogs-stream-prefix": rd.String(lc, l.StreamPrefix)}}
	}
	for _, pm := range rd.Maps(m, cd.PortMappings) {
		port := aws.Int32(int32(rd.Int(pm, names.PortMapping.ContainerPort)))
		c.PortMappings = append(c.PortMappings, types.PortMapping{ContainerPort: port, HostPort: port,
			Protocol: types.TransportProtocol(rd.String(pm, names.PortMapping.Protocol))})
	}
	if rc := rd.String(m, cd.RepositoryCredentials); rc != "" {
		c.RepositoryCredentials = &types.RepositoryCredentials{CredentialsParameter: aws.String(rc)}
	}
	if m[cd.HealthCheck] != nil {
		hc, h := rd.Map(m, cd.HealthCheck), names.ContainerHealth
		i32 := func(k string) *int32 { return aws.Int32(int32(rd.Int(hc, k))) }
		c.HealthCheck = &types.HealthCheck{Command: rd.Strings(hc, h.Command), Interval: i32(h.Interval),
			Timeout: i32(h.Timeout), Retries: i32(h.Retries), StartPeriod: i32(h.StartPeriod)}
	}
	return c
}

// contentHash identifies a definition by content: the request without its
// tags, as canonical JSON.
func contentHash(in *ecs.RegisterTaskDefinitionInput) string {
	c := *in
	c.Tags = nil
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// definitionFields is a described revision in the vocabulary of the file,
// normalised as ecspresso does before diffing: the defaults AWS fills in
// (essential, hostPort, the protocol, health check timings) and the order
// of environment and secrets do not count; "1 vCPU" is 1024.
func definitionFields(r revision) map[string]any {
	d, td := r.def, names.TaskDefinition
	compat := desired.Set{}
	for _, c := range d.RequiresCompatibilities {
		compat = append(compat, string(c))
	}
	out := map[string]any{
		td.Family: aws.ToString(d.Family), td.CPU: units(aws.ToString(d.Cpu)), td.Memory: units(aws.ToString(d.Memory)),
		td.NetworkMode: string(d.NetworkMode), td.RequiresCompatibilities: compat,
		td.ExecutionRoleARN: aws.ToString(d.ExecutionRoleArn), td.TaskRoleARN: aws.ToString(d.TaskRoleArn),
		td.Tags: observedTags(r.tags),
	}
	if p := d.RuntimePlatform; p != nil {
		out[td.RuntimePlatform] = map[string]any{names.RuntimePlatform.CPUArchitecture: string(p.CpuArchitecture),
			names.RuntimePlatform.OperatingSystemFamily: string(p.OperatingSystemFamily)}
	}
	cs := []any{}
	for _, c := range d.ContainerDefinitions {
		cs = append(cs, containerFields(c))
	}
	out[td.ContainerDefinitions] = cs
	return out
}

func containerFields(c types.ContainerDefinition) map[string]any {
	cd := names.Container
	env, secrets := map[string]any{}, map[string]any{}
	for _, kv := range c.Environment {
		env[aws.ToString(kv.Name)] = aws.ToString(kv.Value)
	}
	for _, s := range c.Secrets {
		arn, key := splitValueFrom(aws.ToString(s.ValueFrom))
		secrets[aws.ToString(s.Name)] = map[string]any{names.ContainerSecret.SecretARN: arn, names.ContainerSecret.Key: key}
	}
	out := map[string]any{cd.Name: aws.ToString(c.Name), cd.Image: aws.ToString(c.Image),
		cd.Essential: c.Essential == nil || *c.Essential, cd.Environment: env, cd.Secrets: secrets}
	if len(c.EntryPoint) > 0 {
		out[cd.EntryPoint] = anyStrings(c.EntryPoint)
	}
	if len(c.Command) > 0 {
		out[cd.Command] = anyStrings(c.Command)
	}
	if l := c.LogConfiguration; l != nil {
		out[cd.LogConfiguration] = map[string]any{names.ContainerLog.LogGroup: l.Options["awslogs-group"],
			names.ContainerLog.Region: l.Options["awslogs-region"], names.ContainerLog.StreamPrefix: l.Options["awslogs-stream-prefix"]}
	}
	if len(c.PortMappings) > 0 {
		out[cd.PortMappings] = portFields(c.PortMappings)
	}
	if rc := c.RepositoryCredentials; rc != nil {
		out[cd.RepositoryCredentials] = aws.ToString(rc.CredentialsParameter)
	}
	if h := c.HealthCheck; h != nil {
		hc := names.ContainerHealth
		out[cd.HealthCheck] = map[string]any{hc.Command: anyStrings(h.Command), hc.Interval: orInt(h.Interval, 30),
			hc.Timeout: orInt(h.Timeout, 5), hc.Retries: orInt(h.Retries, 3), hc.StartPeriod: orInt(h.StartPeriod, 0)}
	}
	return out
}

func portFields(pms []types.PortMapping) []any {
	out := []any{}
	for _, pm := range pms {
		proto := string(pm.Protocol)
		if proto == "" {
			proto = "tcp"
		}
		out = append(out, map[string]any{names.PortMapping.ContainerPort: int64(aws.ToInt32(pm.ContainerPort)), names.PortMapping.Protocol: proto})
	}
	return out
}

func orInt(p *int32, def int64) int64 {
	if p == nil {
		return def
	}
	return int64(*p)
}

// splitValueFrom reads "<secret arn>:<json key>::" back.
func splitValueFrom(v string) (arn, key string) {
	v = strings.TrimSuffix(v, "::")
	i := strings.LastIndex(v, ":")
	if i < 0 || !strings.Contains(v[:i], ":secret:") {
		return v, ""
	}
	return v[:i], v[i+1:]
}
