package io.hottopicminer.sample;

import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Sentence templates of the sample reviews, per theme and polarity. A template picks one option of
 * each {a|b|c} group, so the same theme yields varied sentences with the same vocabulary.
 */
final class SampleThemes {
  private SampleThemes() {}

  /** Review polarity, which fixes the star rating: positive 4-5, mixed 3, negative 1-2. */
  enum Polarity {
    POSITIVE,
    MIXED,
    NEGATIVE
  }

  /**
   * One review theme.
   *
   * @param categories product id prefixes (HP, EB, SP, CH, EC, CB) the theme applies to
   */
  record Theme(
      String name,
      Set<String> categories,
      List<String> positive,
      List<String> mixed,
      List<String> negative) {

    List<String> templates(Polarity polarity) {
      return switch (polarity) {
        case POSITIVE -> positive;
        case MIXED -> mixed;
        case NEGATIVE -> negative;
      };
    }

    boolean appliesTo(String productId) {
      return categories.contains(productId.substring(0, 2));
    }
  }

  static final Set<String> ALL = Set.of("HP", "EB", "SP", "CH", "EC", "CB");

  static final Theme SOUND =
      new Theme(
          SampleGenerator.THEME_SOUND,
          Set.of("HP", "EB", "SP"),
          List.of(
              "The {sound|audio} is {crisp|clear|rich} with {deep|punchy|tight} bass and"
                  + " {detailed|smooth|sparkling} treble.",
              "{Bass|The low end} hits hard without muddying the {vocals|mids}.",
              "Sound quality is {excellent|superb|great} for {the money|its size}, and"
                  + " {vocals|instruments} come through {clearly|cleanly}.",
              "Music sounds {balanced|full|lively} and the treble never gets {harsh|shrill}."),
          List.of(
              "Sound is {decent|fine} but the bass is a bit {weak|thin}.",
              "The treble is clear, although the bass could be {deeper|tighter}."),
          List.of(
              "The sound is {muddy|tinny|flat} and the bass {distorts|rattles} at high volume.",
              "The treble is {harsh|piercing|shrill} and the {mids|vocals} sound {hollow|muffled}.",
              "Sound quality is {poor|disappointing}, and the audio {crackles|hisses} even at low"
                  + " volume."));

  static final Theme BATTERY =
      new Theme(
          SampleGenerator.THEME_BATTERY,
          Set.of("HP", "EB", "SP"),
          List.of(
              "Battery life is {great|impressive|excellent}, I get about {20|25|30|35} hours per"
                  + " charge.",
              "The battery {easily|comfortably} lasts a {full week|long flight|whole weekend} of"
                  + " use.",
              "A full recharge takes {under two hours|about ninety minutes} and the battery holds"
                  + " {well|for days}."),
          List.of("Battery life is {okay|average}, around {8|10|12} hours per charge."),
          List.of(
              "The battery {drains|dies} after {two|three|four} hours, far below the advertised"
                  + " {20|30} hours.",
              "The battery no longer holds a charge after {a month|six weeks|a few weeks}."));

  static final Theme COMFORT =
      new Theme(
          SampleGenerator.THEME_COMFORT,
          Set.of("HP", "EB", "EC"),
          List.of(
              "They are {very comfortable|light and comfortable} and the ear cushions feel"
                  + " {soft|plush}.",
              "The fit is {snug|secure} and I can wear them for hours without {pressure|ear"
                  + " fatigue}.",
              "The {ear cushions|ear pads} are {soft|plush} and {breathable|cool} on long days."),
          List.of(
              "Comfort is {fine|acceptable} for an hour, then the headband {pinches|presses} a"
                  + " little."),
          List.of(
              "The fit is {too tight|loose|awkward} and my ears {ache|hurt} after an hour.",
              "The ear cushions {flatten|peel|wear out} {quickly|within weeks} and feel"
                  + " {scratchy|stiff}."));

  static final Theme SHIPPING =
      new Theme(
          SampleGenerator.THEME_SHIPPING,
          ALL,
          List.of(
              "{Shipping|Delivery} was {fast|quick|prompt}, and it arrived {in two days|a day"
                  + " early|on time} in {sturdy|neat|secure} packaging.",
              "It arrived {well packed|safely boxed} and {ahead of schedule|earlier than"
                  + " expected}."),
          List.of("Shipping was {slow|a bit slow} but the parcel arrived {intact|undamaged}."),
          List.of(
              "Delivery took {two weeks|three weeks|far too long} and the {box|parcel} arrived"
                  + " {crushed|damaged|torn open}.",
              "The packaging was {damaged|dented} and {the manual was missing|parts were"
                  + " missing}."));

  static final Theme PRICE =
      new Theme(
          SampleGenerator.THEME_PRICE,
          ALL,
          List.of(
              "{Great|Excellent|Solid} value for the money, {worth every penny|a bargain at this"
                  + " price}.",
              "For the price it {beats|outperforms} models that cost {twice|three times} as"
                  + " much."),
          List.of("The price is reasonable, {nothing special|average quality} for the money."),
          List.of(
              "{Overpriced|Not worth the money|A waste of money} for what you get.",
              "At this price I expected {far better|much better} {quality|build}."));

  static final Theme CHARGING =
      new Theme(
          SampleGenerator.THEME_CHARGING,
          Set.of("CH", "CB"),
          List.of(
              "It charges my phone {fast|quickly}, {from empty to full|to 80 percent} in about"
                  + " {an hour|forty minutes}.",
              "It delivers the full {20|30|65} watts and the {cable|plug} stays {cool|barely"
                  + " warm}."),
          List.of(
              "Charging speed is {okay|adequate} but not the {fast charge|quick charge} that was"
                  + " advertised."),
          List.of(
              "Charging is {painfully slow|very slow} and it {gets hot|overheats} after"
                  + " {ten|twenty} minutes.",
              "The {cable|connector} {stopped working|frays|loosens} and charging {cuts out|stops}"
                  + " randomly."));

  static final Theme PAIRING =
      new Theme(
          SampleGenerator.DECLINING_THEME,
          Set.of("HP", "EB", "SP"),
          List.of(
              "Bluetooth pairing is {instant|quick} and the connection {never drops|stays"
                  + " stable}."),
          List.of(
              "Bluetooth pairing is {a little|somewhat} {fiddly|slow}, but once connected it"
                  + " {mostly|usually} stays stable."),
          List.of(
              "Bluetooth pairing {fails|keeps failing} and the connection {drops|cuts out} {every"
                  + " few minutes|several times an hour}.",
              "The bluetooth connection {disconnects|drops} whenever my phone is in my pocket.",
              "{Pairing|Re-pairing} with my {laptop|phone} takes {several tries|forever} and the"
                  + " connection {stutters|drops}."));

  static final Theme HINGE =
      new Theme(
          SampleGenerator.BURST_THEME,
          Set.of("EB"),
          List.of(),
          List.of(
              "The earbuds sound fine but the case hinge {feels flimsy|already creaks} and the lid"
                  + " {wobbles|does not close firmly}."),
          List.of(
              "The charging case hinge {cracked|snapped|broke} after {three days|a week|a few"
                  + " days}.",
              "The case lid {snapped off|cracked at the hinge} and the earbuds fall out.",
              "{Cheap|Flimsy} hinge on the charging case, and the lid {cracked|snapped} {the first"
                  + " time I opened it|in my pocket|after one drop}.",
              "Now the lid {hangs loose|wobbles} and the cracked case {will not close|no longer"
                  + " charges the buds}."));

  /** Steady themes: about the same share of reviews on every day. */
  static final List<Theme> STEADY = List.of(SOUND, BATTERY, COMFORT, SHIPPING, PRICE, CHARGING);

  static final List<String> POSITIVE_CLOSERS =
      List.of("Would {buy again|recommend}.", "{Very happy|Really pleased} with this purchase.");
  static final List<String> MIXED_CLOSERS =
      List.of("It is {okay|fine} overall.", "Not bad, not great.");
  static final List<String> NEGATIVE_CLOSERS =
      List.of("{Returning it|Sent it back|Would not recommend}.", "Very disappointed.");

  static List<String> closers(Polarity polarity) {
    return switch (polarity) {
      case POSITIVE -> POSITIVE_CLOSERS;
      case MIXED -> MIXED_CLOSERS;
      case NEGATIVE -> NEGATIVE_CLOSERS;
    };
  }

  /** Picks one template and expands its {a|b} groups with {@code random}. */
  static String sentence(List<String> templates, Random random) {
    String template = templates.get(random.nextInt(templates.size()));
    StringBuilder text = new StringBuilder();
    int position = 0;
    while (position < template.length()) {
      int open = template.indexOf('{', position);
      if (open < 0) {
        text.append(template, position, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      text.append(template, position, open);
      String[] options = template.substring(open + 1, close).split("\\|");
      text.append(options[random.nextInt(options.length)]);
      position = close + 1;
    }
    return text.toString();
  }
}
