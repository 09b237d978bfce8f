package desired

import (
	"fmt"
	"slices"
	"strings"
)

func (v *validator) services() {
	for k, s := range v.env.Services {
		base := "services." + k
		v.shortName(base, k)
		v.ecsName(base+".name", s.Name)
		v.container(base, s.Container)
		if s.Port != 0 {
			v.port(base+".port", s.Port)
		}
		if *s.DesiredCount < 0 {
			v.errorf(base+".desired_count", "desired_count %d must be 0 or more", *s.DesiredCount)
		}
		v.healthCheck(base, s)
		v.serviceTarget(base, s)
		if s.Discovery != "" && !domainLabel.MatchString(s.Discovery) {
			v.errorf(base+".discovery", "discovery name %q must be one DNS label", s.Discovery)
		}
		d := s.Deployment
		if *d.MinimumHealthyPercent < 0 || *d.MinimumHealthyPercent > 100 {
			v.errorf(base+".deployment.minimum_healthy_percent", "minimum_healthy_percent %d: use 0–100", *d.MinimumHealthyPercent)
		}
		if *d.MaximumPercent < 100 || *d.MaximumPercent > 200 {
			v.errorf(base+".deployment.maximum_percent", "maximum_percent %d: use 100–200", *d.MaximumPercent)
		}
		if *d.Rollback && !*d.CircuitBreaker {
			v.errorf(base+".deployment.rollback", "rollback needs circuit_breaker: true")
		}
	}
}

func (v *validator) tasks() {
	for k, t := range v.env.Tasks {
		base := "tasks." + k
		v.shortName(base, k)
		v.ecsName(base+".name", t.Name)
		v.container(base, t.Container)
		if _, dup := v.env.Services[k]; dup {
			v.errorf(base, "%q is both a service and a task; after: could not tell them apart", k)
		}
	}
}

// container holds the rules a service and a task share.
func (v *validator) container(base string, c Container) {
	if c.Image == "" {
		v.errorf(base, "image: required")
	} else if strings.ContainsAny(c.Image, " @") || strings.Contains(lastSegment(c.Image, "/"), ":") {
		v.errorf(base+".image", "image %q: give the repository only and put the tag in tag:", c.Image)
	}
	v.imageTag(base, c)
	if len(c.EntryPoint) > 0 && slices.Contains(c.EntryPoint, "") {
		v.errorf(base+".entrypoint", "entrypoint: no element may be empty")
	}
	if !fargateSizeOK(c.CPU, c.Memory) {
		v.errorf(base+".memory", "cpu %d with memory %d is not a size Fargate accepts%s", c.CPU, c.Memory, fargateHint(c.CPU))
	}
	if c.CPUArchitecture != "X86_64" && c.CPUArchitecture != "ARM64" {
		v.errorf(base+".cpu_architecture", "cpu_architecture %q: use X86_64 or ARM64", c.CPUArchitecture)
	}
	v.registry(base, c)
	v.groupRefs(base+".security_groups", c.SecurityGroups)
	for name, val := range c.Environment {
		v.envVar(base+".environment."+name, name, val)
	}
	v.args(base+".command", c.Command)
	for name, ref := range c.Secrets {
		if _, dup := c.Environment[name]; dup {
			v.errorf(base+".secrets."+name, "%s is set both in environment and in secrets", name)
		}
		v.secretRef(base+".secrets."+name, ref)
	}
	v.temporalDB(base, c)
}

func fargateHint(cpu int) string {
	mems, ok := fargateMemory[cpu]
	if !ok {
		return "; cpu must be 256, 512, 1024, 2048, 4096, 8192 or 16384"
	}
	return fmt.Sprintf("; with cpu %d use memory %d–%d", cpu, mems[0], mems[len(mems)-1])
}

// registry: Fargate pulls from ghcr.io only with repositoryCredentials
// (errata 4); the secret must carry username and password.
func (v *validator) registry(base string, c Container) {
	if c.RegistryCredentials == "" {
		if strings.HasPrefix(c.Image, "ghcr.io/") {
			v.errorf(base+".image", "image on ghcr.io needs registry_credentials: a secret with keys username and password (errata 4)")
		}
		return
	}
	s, ok := v.env.Secrets[c.RegistryCredentials]
	if !ok {
		v.errorf(base+".registry_credentials", "secret %q is not declared under secrets", c.RegistryCredentials)
		return
	}
	if !slices.Contains(s.Keys, "username") || !slices.Contains(s.Keys, "password") {
		v.errorf(base+".registry_credentials", "registry credentials secret %q must declare the keys username and password", c.RegistryCredentials)
	}
}

// envVar refuses plain values shaped like credentials. The message names
// the variable and the kind of credential, never the value.
func (v *validator) envVar(path, name, val string) {
	if kind := looksLikeCredential(val); kind != "" {
		v.errorf(path, "environment variable %s looks like it holds %s; put it in a secret and reference it under secrets:", name, kind)
		return
	}
	if secretishName(name) && val != "" {
		v.warnf(path, "environment variable %s is named like a secret but is plain text; consider secrets:", name)
	}
}

// args refuses a credential in a command line (--token=sk-…): it would be
// readable by anyone who can describe the task definition. The message
// names the argument's position and the kind, never the value.
func (v *validator) args(path string, args []string) {
	for i, a := range args {
		if kind := looksLikeCredential(a); kind != "" {
			v.errorf(fmt.Sprintf("%s[%d]", path, i), "argument %d looks like it holds %s; pass it through secrets: as an environment variable instead", i, kind)
		}
	}
}

func lastSegment(s, sep string) string {
	return s[strings.LastIndex(s, sep)+1:]
}

// mutableTags are tags that registries move from image to image by
// convention.
var mutableTags = []string{"latest", "stable", "main", "master", "edge", "nightly"}

// imageTag refuses a missing or mutable tag: ECS resolves the tag each
// time a task starts, so with "latest" the file no longer says what runs,
// a new image never rolls out (the task definition does not change), and
// two tasks of one service can run different code. With image_policy
// digest a mutable tag is fine: the reconciler pins it to a digest at
// every pass, so a new image is a new task definition.
func (v *validator) imageTag(base string, c Container) {
	if c.ImagePolicy != ImagePolicyTag && c.ImagePolicy != ImagePolicyDigest {
		v.errorf(base+".image_policy", "image_policy %q: use tag or digest", c.ImagePolicy)
	}
	switch {
	case c.Tag == "":
		v.errorf(base+".tag", "tag: required; pin a version (e.g. v0.5.0) so that a change of the file is what rolls out a new image")
	case c.ImagePolicy != ImagePolicyDigest && slices.Contains(mutableTags, strings.ToLower(c.Tag)):
		v.errorf(base+".tag", "tag %q is mutable: ECS would resolve it again at every task start, so the file would not say what runs and a new image would never roll out; pin a version or set image_policy: digest", c.Tag)
	case strings.ContainsAny(c.Tag, " /:@"):
		v.errorf(base+".tag", "tag %q: a tag has no spaces, slashes, colons or @", c.Tag)
	}
}
