namespace Api.Imports;

// An import the sweeper took for lost: sent again, or (its attempts used up) marked failed.
public sealed record SweptImport(Guid ImportId, bool SendAgain);
