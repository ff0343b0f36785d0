using Npgsql;

namespace Worker.Clicks;

// One pass of a retention job: a DELETE of at most batchSize rows (each statement its own short transaction),
// repeated at most maxBatches times, so a pass never holds locks long; what is left waits for the next pass.
public static class BatchedDeletion
{
    // deleteBatch takes @cutoff and @batch, and deletes rows past the cutoff, at most @batch of them.
    public static async Task<long> DeleteAsync(NpgsqlDataSource primary, string deleteBatch, object cutoff, int batchSize, int maxBatches, CancellationToken cancellationToken)
    {
        var deleted = 0L;
        for (var batch = 0; batch < maxBatches; batch++)
        {
            await using var delete = primary.CreateCommand(deleteBatch);
            delete.Parameters.AddWithValue("cutoff", cutoff);
            delete.Parameters.AddWithValue("batch", batchSize);
            var rows = await delete.ExecuteNonQueryAsync(cancellationToken);
            deleted += rows;
            if (rows < batchSize)
            {
                break;
            }
        }
        return deleted;
    }
}
