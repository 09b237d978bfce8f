package lease

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"go.uber.org/zap"
)

// renew extends the lease once and returns how long to wait before the
// next step. The write is conditional on this replica still being the
// holder with an rvn it wrote; a renewal whose outcome is unknown (timeout,
// throttling, a dropped connection) may have landed, so its rvn is accepted
// too until one succeeds.
func (l *Lease) renew(ctx context.Context, h *holding) time.Duration {
	now := l.cfg.clock.Now()
	deadline := h.renewed.Add(l.cfg.renewDeadline)
	if !now.Before(deadline) {
		l.lose("renew deadline passed without a successful renewal")
		return 0
	}
	callCtx, cancel := context.WithTimeout(ctx, deadline.Sub(now))
	defer cancel()
	next := newRVN()
	rec, err := l.write(callCtx, next, now)
	var taken *types.ConditionalCheckFailedException
	switch {
	case err == nil:
		l.mine = []string{next}
		l.held.Store(&holding{renewed: now, fence: h.fence})
		l.seenHolder(now)
		l.noticeRequests(rec)
		return l.cfg.retryPeriod
	case errors.As(err, &taken):
		l.mine = nil
		l.lose("the record changed: another replica holds the lease")
		return 0
	}
	l.mine = append(l.mine, next)
	l.cfg.logger.Warn("lease renewal failed", zap.String("table", l.table), zap.Error(err))
	return min(l.cfg.retryPeriod, max(0, deadline.Sub(l.cfg.clock.Now())))
}

// write is one heartbeat: a new rvn, conditional on the record being ours.
func (l *Lease) write(ctx context.Context, rvn string, now time.Time) (record, error) {
	e := newExpr()
	cond := e.n(attrHolder) + " = " + e.v(str(l.holder)) + " AND " + e.oneOf(attrRVN, l.mine)
	out, err := l.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(l.table), Key: l.key(),
		ConditionExpression: aws.String(cond), UpdateExpression: aws.String("SET " + l.heartbeat(e, rvn, now)),
		ExpressionAttributeNames: e.names, ExpressionAttributeValues: e.valuesOrNil(),
		ReturnValues: types.ReturnValueAllNew})
	if err != nil {
		return record{}, fmt.Errorf("renew lease %s: %w", l.cfg.key, err)
	}
	return decodeRecord(out.Attributes), nil
}

// noticeRequests signals Nudged when pass_requested moved since the last
// renewal: another replica received a trigger meant for the holder.
func (l *Lease) noticeRequests(rec record) {
	if rec.requests != l.requests {
		l.requests = rec.requests
		l.cfg.logger.Info("lease nudged: another replica requested a pass", zap.String("table", l.table))
		signal(l.nudged)
	}
}

// lose stops acting: Held is false from here on.
func (l *Lease) lose(why string) {
	if l.held.Swap(nil) == nil {
		return
	}
	l.observed = observation{}
	l.m.leader.Set(0)
	l.m.transitions.Inc()
	l.cfg.logger.Warn("lease lost", zap.String("table", l.table), zap.String("reason", why))
	signal(l.lost)
}

// release gives the lease up on a clean shutdown so that another replica
// takes over at once: it stops acting first, then removes itself as holder,
// conditional on the record still being its own (also after the renew
// deadline passed: nobody may have taken it since). The record stays, so the
// fencing token keeps increasing.
func (l *Lease) release(ctx context.Context) error {
	l.lose("released")
	if len(l.mine) == 0 {
		return nil
	}
	e := newExpr()
	cond := e.n(attrHolder) + " = " + e.v(str(l.holder)) + " AND " + e.oneOf(attrRVN, l.mine)
	update := "SET " + e.n(attrRVN) + " = " + e.v(str(newRVN())) + " REMOVE " + e.n(attrHolder)
	_, err := l.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(l.table), Key: l.key(),
		ConditionExpression: aws.String(cond), UpdateExpression: aws.String(update),
		ExpressionAttributeNames: e.names, ExpressionAttributeValues: e.values})
	l.mine = nil
	var notOurs *types.ConditionalCheckFailedException
	if err != nil && !errors.As(err, &notOurs) {
		return fmt.Errorf("release lease %s: %w", l.cfg.key, err)
	}
	return nil
}
