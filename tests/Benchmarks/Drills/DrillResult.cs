namespace Benchmarks.Drills;

// One drill's figures. Sent/Confirmed/Failed/Retries: the load client's view. Recorded: click rows of
// the drill's code on the primary; RollupTotal: its link_click_totals. RollupDuplicates = RollupTotal −
// Recorded (clicks counted twice); RecordedUnconfirmed = Recorded − Confirmed when positive (stored
// clicks the client never saw answered); Lost = Confirmed − Recorded when positive. RepairSeconds: from
// the repair command until the restarted resource was running and healthy. CaughtUpSeconds: from the
// repair command until the oldest confirmed click not yet stored was at most 2 s old (null: never).
public sealed record DrillResult(
    string Name,
    string Fault,
    string Expected,
    double HoldSeconds,
    string? Note,
    long Sent,
    long Confirmed,
    long Failed,
    long Retries,
    IReadOnlyDictionary<string, long> FailureReasons,
    long Recorded,
    long RollupTotal,
    long RollupDuplicates,
    long RecordedUnconfirmed,
    long Lost,
    bool LossWindowExpected,
    bool ClicksSettled,
    double? RepairSeconds,
    double? CaughtUpSeconds,
    double MaxClickLagSeconds,
    double LongestRedirectGapSeconds,
    IReadOnlyList<string> Deviations,
    string? HarnessError)
{
    public bool MeetsExpectation => Deviations.Count == 0 && HarnessError is null;
}
