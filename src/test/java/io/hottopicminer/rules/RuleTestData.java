package io.hottopicminer.rules;

import com.typesafe.config.ConfigFactory;
import io.hottopicminer.config.ConfigReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Builders for events frames in the accepted-events contract and for rule settings. */
final class RuleTestData {
  static final StructType EVENTS_SCHEMA =
      new StructType()
          .add("basket_id", DataTypes.StringType, false)
          .add("user_id", DataTypes.StringType, true)
          .add("product_id", DataTypes.StringType, false)
          .add("event_type", DataTypes.StringType, true)
          .add("event_time", DataTypes.TimestampType, true)
          .add("event_date", DataTypes.DateType, true);

  private RuleTestData() {}

  /** Reads settings from the rules block of reference.conf with {@code overrides} on top. */
  static RuleSettings settings(String overrides) {
    var block =
        ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.defaultReference().getConfig("hot-topic-miner.rules"));
    return RuleSettings.from(new ConfigReader(block, "hot-topic-miner.rules"));
  }

  static Row event(String basketId, String productId, String eventType) {
    return RowFactory.create(basketId, "user-" + basketId, productId, eventType, null, null);
  }

  static Dataset<Row> events(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, EVENTS_SCHEMA);
  }

  /** Returns one purchase event per item, with baskets numbered from 1 in list order. */
  static Dataset<Row> basketEvents(SparkSession spark, List<List<String>> baskets) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < baskets.size(); i++) {
      for (String item : baskets.get(i)) {
        rows.add(event(String.valueOf(i + 1), item, "purchase"));
      }
    }
    return events(spark, rows);
  }

  /** Returns the collected rules keyed as "a,b => c". */
  static Map<String, Row> rulesByKey(Dataset<Row> rules) {
    Map<String, Row> byKey = new HashMap<>();
    for (Row row : rules.collectAsList()) {
      byKey.put(ruleKey(row.getList(0), row.getList(1)), row);
    }
    return byKey;
  }

  static String ruleKey(List<String> antecedent, List<String> consequent) {
    return String.join(",", antecedent) + " => " + String.join(",", consequent);
  }
}
