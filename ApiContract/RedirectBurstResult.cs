namespace ApiContract;

// ServedBy: the X-Served-By of every answer, so a caller can show how the requests spread over replicas.
public sealed record RedirectBurstResult(int Requested, int Redirected, int NotFound, int Failed, IReadOnlyList<string> ServedBy)
{
    public int Sent => Redirected + NotFound + Failed;

    public override string ToString() =>
        $"{Sent} sent: {Redirected} redirected, {NotFound} not found, {Failed} failed"
        + (Sent < Requested ? $"; stopped after {Failed} failures, {Requested - Sent} not sent" : "");
}
