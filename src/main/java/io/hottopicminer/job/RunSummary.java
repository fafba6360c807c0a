package io.hottopicminer.job;

import io.hottopicminer.core.StageSummary;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Rows in and out and seconds per stage of one run, as a table and as a one-line JSON summary. */
record RunSummary(
    String runId,
    LocalDate runDate,
    Instant startedAt,
    List<StageSummary> stages,
    String modelVersion,
    String configDigest) {

  static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("stage", DataTypes.StringType, false)
          .add("rows_in", DataTypes.LongType, false)
          .add("rows_out", DataTypes.LongType, false)
          .add("seconds", DataTypes.DoubleType, false)
          .add("details", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("model_version", DataTypes.StringType)
          .add("config_digest", DataTypes.StringType)
          .add("started_at", DataTypes.TimestampType)
          .add("finished_at", DataTypes.TimestampType);

  Dataset<Row> toDataFrame(SparkSession spark) {
    Timestamp started = Timestamp.from(startedAt);
    Timestamp finished = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (StageSummary stage : stages) {
      rows.add(
          RowFactory.create(
              runId,
              stage.stage(),
              stage.rowsIn(),
              stage.rowsOut(),
              stage.seconds(),
              scala.collection.JavaConverters.mapAsScalaMap(stage.details()),
              modelVersion,
              configDigest,
              started,
              finished));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  String toJson(String status, Collection<String> tables) {
    StringBuilder json = new StringBuilder("{");
    field(json, "status", status).append(',');
    field(json, "run_id", runId).append(',');
    field(json, "run_date", runDate.toString()).append(',');
    field(json, "model_version", modelVersion).append(',');
    field(json, "config_digest", configDigest).append(',');
    json.append("\"stages\":{");
    for (int i = 0; i < stages.size(); i++) {
      StageSummary stage = stages.get(i);
      json.append(i == 0 ? "" : ",").append(quote(stage.stage())).append(":{");
      json.append("\"rows_in\":").append(stage.rowsIn()).append(',');
      json.append("\"rows_out\":").append(stage.rowsOut()).append(',');
      json.append("\"seconds\":").append(String.format("%.2f", stage.seconds()));
      for (Map.Entry<String, String> detail : stage.details().entrySet()) {
        json.append(',')
            .append(quote(detail.getKey()))
            .append(':')
            .append(quote(detail.getValue()));
      }
      json.append('}');
    }
    json.append("},\"tables\":[");
    json.append(String.join(",", tables.stream().map(RunSummary::quote).toList()));
    json.append("]}");
    return json.toString();
  }

  static String statusJson(String status, String message) {
    StringBuilder json = new StringBuilder("{");
    field(json, "status", status).append(',');
    field(json, "error", message);
    return json.append('}').toString();
  }

  private static StringBuilder field(StringBuilder json, String key, String value) {
    return json.append(quote(key)).append(':').append(value == null ? "null" : quote(value));
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
