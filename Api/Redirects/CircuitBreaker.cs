namespace Api.Redirects;

// One circuit breaker rule, with Polly's semantics for it: it opens when failures reach failureRatio of
// at least minimumThroughput calls in the last samplingDuration, stays open for breakDuration, then lets
// one trial call through (half-open) whose outcome closes or opens it again. Our own rather than Polly's
// pipeline because the redirect hit path called Redis through that pipeline on every request, and the
// pipeline (its context, outcome and async callback per call) cost about a fifth of a hit's CPU; this
// costs a volatile read when closed, an interlocked increment per success while closed, and a short lock
// per failure (the profile showed the lock on every success contended between request threads).
public sealed class CircuitBreaker
{
    private const int Buckets = 10;

    private readonly double failureRatio;
    private readonly int minimumThroughput;
    private readonly long bucketTicks;
    private readonly long breakTicks;
    private readonly TimeProvider time;
    private readonly Action onOpened;
    private readonly Lock gate = new();
    private readonly Bucket[] window = new Bucket[Buckets];
    private volatile State state = State.Closed;
    private long openedAt;

    public CircuitBreaker(double failureRatio, int minimumThroughput, TimeSpan samplingDuration, TimeSpan breakDuration, TimeProvider time, Action onOpened)
    {
        this.failureRatio = failureRatio;
        this.minimumThroughput = minimumThroughput;
        this.time = time;
        this.onOpened = onOpened;
        bucketTicks = Math.Max(1, (long)(samplingDuration.TotalSeconds * time.TimestampFrequency / Buckets));
        breakTicks = (long)(breakDuration.TotalSeconds * time.TimestampFrequency);
    }

    private enum State
    {
        Closed,
        Open,
        HalfOpen,
    }

    public bool IsClosed => state == State.Closed;

    // True when a call may go ahead; it must then report Succeeded, Failed or Abandoned.
    public bool TryEnter()
    {
        if (state == State.Closed)
        {
            return true;
        }
        lock (gate)
        {
            if (state == State.Open && time.GetTimestamp() - openedAt >= breakTicks)
            {
                state = State.HalfOpen; // this caller is the trial
                return true;
            }
            return state == State.Closed;
        }
    }

    public void Succeeded()
    {
        if (state == State.Closed)
        {
            var now = time.GetTimestamp();
            ref var bucket = ref window[now / bucketTicks % Buckets];
            // The current bucket: counted without the lock. A bucket to start anew takes the lock (below), which
            // clears its counts before it publishes its start, so an increment here lands in this window or, at
            // worst, one success goes to the window that replaces it.
            if (Volatile.Read(ref bucket.Start) == now / bucketTicks * bucketTicks)
            {
                Interlocked.Increment(ref bucket.Calls);
                return;
            }
        }
        Record(failed: false);
    }

    public void Failed() => Record(failed: true);

    // The call that entered was not made (another rule refused it): a trial goes back to waiting.
    public void Abandoned()
    {
        lock (gate)
        {
            if (state == State.HalfOpen)
            {
                state = State.Open;
                openedAt = time.GetTimestamp() - breakTicks; // the next call is the trial
            }
        }
    }

    private void Record(bool failed)
    {
        var opened = false;
        lock (gate)
        {
            var now = time.GetTimestamp();
            switch (state)
            {
                case State.HalfOpen when failed:
                    Open(now);
                    opened = true;
                    break;
                case State.HalfOpen:
                    state = State.Closed;
                    Array.Clear(window);
                    break;
                case State.Closed:
                    ref var bucket = ref window[now / bucketTicks % Buckets];
                    var start = now / bucketTicks * bucketTicks;
                    if (bucket.Start != start)
                    {
                        bucket.Calls = 0;
                        bucket.Failures = 0;
                        Volatile.Write(ref bucket.Start, start);
                    }
                    Interlocked.Increment(ref bucket.Calls);
                    bucket.Failures += failed ? 1 : 0;
                    if (failed && ShouldOpen(start))
                    {
                        Open(now);
                        opened = true;
                    }
                    break;
                default:
                    break; // an outcome of a call that entered before the circuit opened
            }
        }
        if (opened)
        {
            onOpened();
        }
    }

    private bool ShouldOpen(long currentStart)
    {
        int calls = 0, failures = 0;
        foreach (var bucket in window)
        {
            if (currentStart - bucket.Start < Buckets * bucketTicks)
            {
                calls += bucket.Calls;
                failures += bucket.Failures;
            }
        }
        return calls >= minimumThroughput && failures >= failureRatio * calls;
    }

    private void Open(long now)
    {
        state = State.Open;
        openedAt = now;
        Array.Clear(window);
    }

    private struct Bucket
    {
        public long Start;
        public int Calls;
        public int Failures;
    }
}
