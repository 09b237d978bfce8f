package rds

import "time"

// paramApply is an instance's DBParameterGroups[].ParameterApplyStatus
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithParamGroups.html):
// "applying" while dynamic parameters set with the immediate method take
// effect, "pending-reboot" from a change that waits for RebootDBInstance
// (a static parameter, the pending-reboot method, or a new group) until
// the reboot, "in-sync" otherwise.
type paramApply struct {
	pendingReboot bool
	applyingSince time.Time // zero: not applying
}

func (p *paramApply) status() string {
	switch {
	case p.pendingReboot:
		return "pending-reboot"
	case !p.applyingSince.IsZero():
		return "applying"
	}
	return "in-sync"
}

// applying records an immediate change to dynamic parameters.
func (p *paramApply) applying(now time.Time) { p.applyingSince = now }

// needReboot records a change that takes effect only at the next reboot.
func (p *paramApply) needReboot() { p.pendingReboot = true }

// rebooted is the end of a reboot: every parameter is in effect.
func (p *paramApply) rebooted() { *p = paramApply{} }

// settle ends "applying" after d.
func (p *paramApply) settle(now time.Time, d time.Duration) {
	if !p.applyingSince.IsZero() && !now.Before(p.applyingSince.Add(d)) {
		p.applyingSince = time.Time{}
	}
}
