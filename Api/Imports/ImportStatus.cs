namespace Api.Imports;

public sealed record ImportAccepted(Guid ImportId, string Status);

public sealed record ImportStatus(Guid ImportId, string Status, int Total, int Succeeded, int Failed, IReadOnlyList<ImportRowError> Errors);

public sealed record ImportRowError(int Row, string Message);
