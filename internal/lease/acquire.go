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

// acquire tries once to take the lease and returns how long to wait before
// the next step. A record that does not exist, that nobody holds, or that
// this replica holds (after it stopped trusting its own renewals) is taken
// at once; one held by another replica only once its rvn has stayed the
// same for a lease duration by this replica's clock.
func (l *Lease) acquire(ctx context.Context) time.Duration {
	rec, found, err := l.read(ctx)
	if err != nil {
		l.cfg.logger.Warn("lease read failed", zap.String("table", l.table), zap.Error(err))
		return l.cfg.retryPeriod
	}
	now := l.cfg.clock.Now()
	if found && rec.holder != "" && rec.holder != l.holder {
		if wait := l.untilTakeover(rec, now); wait > 0 {
			l.seenHolder(l.observed.since) // its rvn changed then: alive
			return min(wait, l.cfg.retryPeriod)
		}
	}
	err = l.take(ctx, rec, found, now)
	var lostRace *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &lostRace):
		l.cfg.logger.Debug("lease taken by another replica first", zap.String("table", l.table))
	case err != nil:
		l.cfg.logger.Warn("lease acquire failed", zap.String("table", l.table), zap.Error(err))
	}
	return l.cfg.retryPeriod
}

// untilTakeover records what it observed and returns how long rec's rvn
// must still stay unchanged before this replica may take over (≤ 0: now).
// The wait is the longer of our lease duration and the holder's.
func (l *Lease) untilTakeover(rec record, now time.Time) time.Duration {
	if rec.rvn != l.observed.rvn {
		l.observed = observation{rvn: rec.rvn, since: now}
	}
	wait := max(l.cfg.leaseDuration, time.Duration(rec.leaseMS)*time.Millisecond)
	return l.observed.since.Add(wait).Sub(now)
}

// read fetches the record with a strongly consistent read, so that an rvn
// just written is never missed.
func (l *Lease) read(ctx context.Context) (record, bool, error) {
	out, err := l.api.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(l.table),
		Key: l.key(), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return record{}, false, fmt.Errorf("get lease %s: %w", l.cfg.key, err)
	}
	return decodeRecord(out.Item), out.Item != nil, nil
}

// take writes this replica in as the holder, conditional on the record
// being exactly as read (same rvn, or still absent), with a new rvn and the
// fencing token one higher. The write creates the record if need be.
func (l *Lease) take(ctx context.Context, seen record, found bool, now time.Time) error {
	e, next := newExpr(), newRVN()
	var cond string
	if found {
		cond = e.n(attrRVN) + " = " + e.v(str(seen.rvn))
	} else {
		cond = "attribute_not_exists(" + e.n(attrKey) + ")"
	}
	update := "SET " + e.n(attrHolder) + " = " + e.v(str(l.holder)) + ", " + l.heartbeat(e, next, now) +
		", " + e.n(attrFence) + " = if_not_exists(" + e.n(attrFence) + ", " + e.v(num(0)) + ") + " + e.v(num(1))
	out, err := l.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(l.table), Key: l.key(),
		ConditionExpression: aws.String(cond), UpdateExpression: aws.String(update),
		ExpressionAttributeNames: e.names, ExpressionAttributeValues: e.valuesOrNil(),
		ReturnValues: types.ReturnValueAllNew})
	if err != nil {
		return fmt.Errorf("acquire lease %s: %w", l.cfg.key, err)
	}
	l.gain(decodeRecord(out.Attributes), next, now)
	return nil
}

// heartbeat is the SET clauses every write by a holder carries.
func (l *Lease) heartbeat(e *expr, rvn string, now time.Time) string {
	return e.n(attrRVN) + " = " + e.v(str(rvn)) + ", " +
		e.n(attrLeaseMS) + " = " + e.v(num(l.cfg.leaseDuration.Milliseconds())) + ", " +
		e.n(attrExpires) + " = " + e.v(str(expiresAt(now, l.cfg.leaseDuration)))
}

func (l *Lease) key() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrKey: str(l.cfg.key)}
}

func (l *Lease) gain(rec record, rvn string, sent time.Time) {
	l.mine, l.requests, l.observed = []string{rvn}, rec.requests, observation{}
	l.held.Store(&holding{renewed: sent, fence: rec.fence})
	l.seenHolder(sent)
	l.m.leader.Set(1)
	l.m.transitions.Inc()
	l.cfg.logger.Info("lease gained", zap.String("table", l.table), zap.String("holder", l.holder), zap.Int64("fence", rec.fence))
	signal(l.gained)
}
