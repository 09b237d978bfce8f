package desired

import "fmt"

func defaultLoadBalancer(e *Environment) {
	lb := e.LoadBalancer
	if lb == nil {
		return
	}
	setStr(&lb.Name, "everruns-"+e.Name)
	setBool(&lb.DeletionProtection, true)
	setIntZero(&lb.IdleTimeoutSeconds, 60)
	if lb.SecurityGroups == nil {
		lb.SecurityGroups = []string{"alb"}
	}
	if l := lb.Listeners.HTTP; l != nil {
		setIntZero(&l.Port, 80)
	}
	if l := lb.Listeners.HTTPS; l != nil {
		setIntZero(&l.Port, 443)
		setStr(&l.SSLPolicy, DefaultSSLPolicy)
	}
	for k, tg := range lb.TargetGroups {
		setStr(&tg.Name, fmt.Sprintf("everruns-%s-%s", e.Name, k))
		setStr(&tg.Protocol, "HTTP")
		hc := &tg.HealthCheck
		setStr(&hc.Matcher, "200")
		setIntZero(&hc.IntervalSeconds, 30)
		setIntZero(&hc.TimeoutSeconds, 5)
		setIntZero(&hc.HealthyThreshold, 2) // AWS's 5 slows every deployment
		setIntZero(&hc.UnhealthyThreshold, 3)
		// AWS's 300 s drain makes each deployment five minutes slower than
		// the seed's "<5 minutes" goal; requests here are short.
		setInt(&tg.DeregistrationDelaySeconds, 30)
		lb.TargetGroups[k] = tg
	}
}

func defaultService(e *Environment, key string, s *Service) {
	defaultContainer(&s.Container)
	setStr(&s.Name, "everruns-"+key)
	setInt(&s.DesiredCount, 1)
	d := &s.Deployment
	setBool(&d.CircuitBreaker, true)
	setBool(&d.Rollback, true)
	setInt(&d.MinimumHealthyPercent, 100)
	setInt(&d.MaximumPercent, 200)
	if hc := s.HealthCheck; hc != nil {
		setIntZero(&hc.IntervalSeconds, 30)
		setIntZero(&hc.TimeoutSeconds, 5)
		setIntZero(&hc.Retries, 3)
		setIntZero(&hc.StartPeriodSeconds, 60)
	}
}

// defaultContainer fills the architecture and the task size (the image tag
// has no default: a mutable default would hide what runs);
// with only cpu given, memory is the smallest Fargate accepts for it.
func defaultContainer(c *Container) {
	setStr(&c.CPUArchitecture, DefaultArchitecture)
	setStr(&c.ImagePolicy, ImagePolicyTag)
	setIntZero(&c.CPU, DefaultCPU)
	if c.Memory == 0 {
		if mems := fargateMemory[c.CPU]; len(mems) > 0 {
			c.Memory = mems[0]
		}
	}
	if c.SecurityGroups == nil {
		c.SecurityGroups = []string{"ecs"}
	}
}

func setStr(p *string, v string) {
	if *p == "" {
		*p = v
	}
}

func setIntZero(p *int, v int) {
	if *p == 0 {
		*p = v
	}
}

func setInt(p **int, v int) {
	if *p == nil {
		*p = &v
	}
}

func setBool(p **bool, v bool) {
	if *p == nil {
		*p = &v
	}
}
