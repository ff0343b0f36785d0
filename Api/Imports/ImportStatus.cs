namespace Api.Imports;

public sealed record ImportAccepted(Guid ImportId, string Status);

// FailureReason: why a failed import was given up (null unless failed).
public sealed record ImportStatus(Guid ImportId, string Status, int Total, int Succeeded, int Failed, IReadOnlyList<ImportRowError> Errors, string? FailureReason);

public sealed record ImportRowError(int Row, string Message);
