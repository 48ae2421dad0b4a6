import type { Resources } from './en.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** German. Written for the cancellation flow of §312k BGB; any key left out falls back to English. */
export const de: DeepPartial<Resources> = {
  common: {
    loading: 'Wird geladen …',
    problem: 'Es ist ein Problem aufgetreten',
  },
  layout: {
    skip: 'Zum Inhalt springen',
    nav: 'Hauptnavigation',
    cancelEntry: 'Verträge hier kündigen',
    myCases: 'Meine Kündigungen',
    help: 'Hilfe',
    signOut: 'Abmelden',
    language: 'Sprache',
    sessionEnded:
      'Ihre Sitzung ist abgelaufen, daher haben wir Sie abgemeldet. Melden Sie sich erneut an, um fortzufahren; bereits Gesendetes geht nicht verloren.',
    safety:
      'Wir fragen nie per Telefon, Chat, E-Mail oder in sozialen Medien nach Ihrem Passwort oder Ihrer vollständigen Kartennummer, und wir bitten Sie nie, jemandem einen Code vorzulesen. Nutzen Sie nur diese Website und die Nummern auf Ihrer Rechnung.',
    free: 'Die Kündigung ist kostenlos. Muss eine Karte zurückgeschickt werden, sehen Sie etwaige Versandkosten vor dem Absenden.',
  },
  home: {
    title: 'SIM-Karte, eSIM oder Datenkarte kündigen',
    lead: 'Kündigen Sie Ihren Anschluss in wenigen Minuten online. Vorab sehen Sie, was es kostet und was mit Ihrem Guthaben passiert, und Sie erhalten sofort eine Eingangsbestätigung.',
    start: 'Verträge hier kündigen',
    howTitle: 'So funktioniert es',
    step1:
      'Identifizieren Sie sich mit Ihrer Rufnummer und der Seriennummer Ihrer SIM-Karte (oder mit Ihrem Kundenkonto-Login). Wir senden Ihnen einen Einmalcode.',
    step2:
      'Prüfen Sie die Checkliste: offene Rechnungen, Vertragskosten, verbleibendes Guthaben und Dienste, die Ihre Rufnummer nutzen.',
    step3: 'Bestätigen Sie die Kündigung mit einem Klick.',
    step4: 'Sie erhalten sofort eine Eingangsbestätigung und nach der Abschaltung ein Bestätigungsschreiben.',
    trackTitle: 'Bereits gekündigt?',
    track: 'Kündigung verfolgen, ändern oder zurücknehmen',
    safetyTitle: 'Sicherheitshinweis',
    safety:
      'Niemand von uns fragt Sie je nach einem Passwort oder Ihrer vollständigen SIM-Kartennummer oder bittet Sie, einen Code vorzulesen. Tut es jemand, sind das nicht wir: Brechen Sie ab und kontaktieren Sie uns über diese Website.',
  },
  identify: {
    title: 'Bestätigen Sie, dass es Ihr Anschluss ist',
    lead: 'Nennen Sie uns die Rufnummer und etwas, das nur der Anschlussinhaber hat. Danach senden wir Ihnen einen Einmalcode.',
    msisdn: 'Rufnummer',
    msisdnHint: 'Mit Ländervorwahl, zum Beispiel +49 170 1234567.',
    msisdnMissing: 'Geben Sie die Rufnummer ein, die Sie kündigen möchten.',
    methodLegend: 'Wie möchten Sie nachweisen, dass der Anschluss Ihnen gehört?',
    methodIccid: 'Mit der Seriennummer der SIM-Karte (Code per SMS an diese Rufnummer)',
    methodLogin:
      'Mit meinem Kundenkonto-Login (Code per E-Mail; wählen Sie dies, wenn der Anschluss nicht mehr funktioniert)',
    iccid: 'Seriennummer der SIM-Karte (ICCID)',
    iccidHint:
      'Die 19 oder 20 Ziffern, beginnend mit 89, stehen auf der SIM-Karte und auf der größeren Plastikkarte, in der sie geliefert wurde. Bei einer eSIM finden Sie sie in den Telefoneinstellungen unter „SIM“ oder „Über das Telefon“ als ICCID (nicht die längere EID).',
    iccidFormat: 'Die Seriennummer hat 19 oder 20 Ziffern und beginnt mit 89.',
    login: 'Kundenkonto-Login',
    loginHint: 'Der Benutzername oder die E-Mail-Adresse, mit der Sie sich in Ihrem Kundenkonto anmelden.',
    loginMissing: 'Geben Sie Ihren Kundenkonto-Login ein.',
    sendCode: 'Code senden',
    forgotLogin: 'Login oder Passwort vergessen oder Karte verloren?',
    codeTitle: 'Geben Sie den Code ein, den wir Ihnen gesendet haben',
    codeSentSms: 'Wir haben einen 6-stelligen Code per SMS an {{to}} gesendet. Er ist 10 Minuten gültig.',
    codeSentEmail: 'Wir haben einen 6-stelligen Code per E-Mail an {{to}} gesendet. Er ist 10 Minuten gültig.',
    code: 'Einmalcode',
    codeHint: '6 Ziffern. Wir bitten Sie nie, jemandem einen Code vorzulesen, weder per Telefon noch per Chat.',
    codeFormat: 'Der Code hat 6 Ziffern.',
    verify: 'Weiter',
    resend: 'Neuen Code senden',
    changeDetails: 'Rufnummer oder Angaben ändern',
  },
  errors: {
    BULK_RUN_NOT_FOUND: 'Diesen Massenlauf gibt es nicht. Gehen Sie zurück zur Liste der Läufe.',
    BULK_RUN_NO_VALID_LINES:
      'Keine Zeile der Liste nennt einen Anschluss, den der Lauf übernehmen könnte; es wurde kein Lauf gestartet. Die Zeilen mit Grund stehen unten: Datei korrigieren und erneut hochladen.',
    NETWORK:
      'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut; es wurde nichts gesendet.',
    UNEXPECTED: 'Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es gleich noch einmal.',
    INTERNAL: 'Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es gleich noch einmal.',
    UNAUTHENTICATED: 'Bitte melden Sie sich erneut an.',
    FORBIDDEN: 'Mit dieser Anmeldung ist diese Aktion nicht möglich.',
    CSRF_TOKEN_INVALID: 'Diese Seite ist veraltet. Laden Sie sie neu und versuchen Sie es erneut.',
    INVALID_MSISDN:
      'Diese Rufnummer erkennen wir nicht. Geben Sie sie mit Ländervorwahl ein, zum Beispiel +49 170 1234567.',
    INVALID_ICCID: 'Diese Seriennummer ist ungültig. Prüfen Sie die 19 oder 20 Ziffern auf der Karte.',
    LINE_NOT_FOUND:
      'Zu dieser Rufnummer gibt es keinen aktiven Anschluss. Prüfen Sie die Nummer; ist der Anschluss bereits abgeschaltet, melden Sie sich stattdessen mit Ihrem Kundenkonto-Login an.',
    IDENTITY_NOT_VERIFIED:
      'Diese Rufnummer passt nicht zu diesen Angaben. Prüfen Sie die Nummer und die SIM-Seriennummer (oder den Login); ein bereits abgeschalteter Anschluss meldet sich mit dem Kundenkonto-Login an.',
    IDENTITY_MISMATCH: 'Diese Angaben passen nicht zum Anschluss. Prüfen Sie sie und versuchen Sie es erneut.',
    CODE_INVALID: 'Der Code ist nicht richtig. Verbleibende Versuche: {{attemptsLeft}}.',
    CODE_EXPIRED: 'Dieser Code ist abgelaufen oder wurde bereits verwendet. Fordern Sie einen neuen Code an.',
    CODE_LOCKED: 'Zu viele falsche Codes. Zu Ihrer Sicherheit ist diese Rufnummer bis {{retryAt}} Uhr gesperrt.',
    CODE_LOCKED_later: 'Zu viele falsche Codes. Zu Ihrer Sicherheit ist diese Rufnummer für 15 Minuten gesperrt.',
    RATE_LIMITED:
      'Sie haben in kurzer Zeit mehrere Codes angefordert. Ab {{retryAt}} Uhr können Sie erneut einen anfordern.',
    RATE_LIMITED_later: 'Zu viele Anfragen in kurzer Zeit. Warten Sie einige Minuten und versuchen Sie es erneut.',
    CASE_NOT_FOUND: 'Diese Kündigung gehört nicht zu dem Kundenkonto oder Anschluss, mit dem Sie angemeldet sind.',
    CASE_NOT_ELIGIBLE: 'Auf der Checkliste ist noch etwas offen.',
    CASE_ALREADY_OPEN: 'Für diesen Anschluss läuft bereits eine Kündigung.',
    BALANCE_OPTION_NOT_ALLOWED: 'Diese Option für Ihr Guthaben ist für diesen Anschluss nicht verfügbar.',
    ILLEGAL_TRANSITION:
      'Das ist nicht mehr möglich: Die Kündigung ist bereits weiter fortgeschritten. Laden Sie die Seite neu, um den aktuellen Stand zu sehen.',
    IDEMPOTENCY_KEY_REUSED:
      'Dieses Formular wurde bereits mit anderen Angaben gesendet. Laden Sie die Seite neu und versuchen Sie es erneut.',
    VALIDATION_FAILED: 'Einige Angaben sind ungültig: {{message}}',
    INVALID_DATE: 'Geben Sie ein gültiges Datum ein.',
    BODY_TOO_LARGE: 'Die Datei ist zu groß. Senden Sie eine Datei bis 5 MB.',
    NUMBER_IN_QUARANTINE: 'Auf diese Rufnummer kann derzeit nichts übertragen werden.',
    LINE_LOCKED:
      'Diese Rufnummer ist gegen Rufnummernmitnahme und Kündigung gesperrt. Heben Sie zuerst die Sperre auf (angemeldet mit Ihrem Kundenkonto).',
    CALL_CONFIRMATION_NOT_FOUND:
      'Dieser Link ist ungültig. Öffnen Sie den Link aus der neuesten SMS genau so, wie er ist.',
    CALL_CONFIRMATION_EXPIRED: 'Diese Anfrage ist abgelaufen; an Ihrer Rufnummer wurde nichts geändert.',
    CALL_CONFIRMATION_USED: 'Diese Anfrage wurde bereits verwendet oder durch eine neuere ersetzt.',
    CALL_CONFIRMATION_DENIED:
      'Sie haben uns bereits gesagt, dass Sie es nicht waren. An Ihrer Rufnummer wurde nichts geändert.',
  },
  lines: {
    title: 'Ihre Anschlüsse',
    none: 'Unter dieser Anmeldung gibt es keine Anschlüsse.',
    check: 'Diesen Anschluss prüfen und kündigen',
    openCase: 'Kündigung {{reference}} läuft: Status ansehen',
  },
  product: { sim: 'SIM-Karte', esim: 'eSIM', data_only: 'Datenkarte' },
  market: { UK: 'Vereinigtes Königreich', DE: 'Deutschland', CN: 'China', US: 'USA' },
  lineStatus: { active: 'aktiv', suspended: 'gesperrt', deactivated: 'abgeschaltet' },
  checklist: {
    title: 'Vor der Kündigung',
    titleFor: 'Vor der Kündigung von {{msisdn}}',
    openCase: 'Für diesen Anschluss läuft bereits eine Kündigung.',
    openCaseLink: 'Status ansehen',
    nothing: 'Nichts steht im Weg: Es gibt keine Rechnungen, Kosten oder Guthaben zu klären.',
    outstandingTitle: 'Bevor Sie fortfahren können',
    outstanding: {
      debt: 'Offene Rechnung bezahlen',
      early_termination_charge: 'Gebühr für vorzeitige Kündigung akzeptieren',
      balance: 'Festlegen, was mit Ihrem Guthaben passiert',
      bound_service: 'Bestätigen, dass {{name}} diese Rufnummer nutzt',
    },
    status: {
      blocking: 'Muss bezahlt werden',
      resolved: 'Erledigt',
      requires_acceptance: 'Ihre Zustimmung nötig',
      accepted: 'Akzeptiert',
      requires_decision: 'Ihre Auswahl nötig',
      decided: 'Ausgewählt',
      requires_acknowledgement: 'Bitte bestätigen',
      acknowledged: 'Bestätigt',
      info: 'Gut zu wissen',
    },
    end: {
      title: 'Wann Ihr Vertrag endet',
      prepaid: 'Ein Prepaid-Anschluss endet, sobald wir die Kündigung ausgeführt haben: ab dem {{date}}.',
      minimum_term:
        'Ihre Mindestvertragslaufzeit läuft bis zum {{date}}. Mit einer ordentlichen Kündigung endet Ihr Vertrag an diesem Tag, ohne Kosten.',
      notice:
        'Bei einer Kündigungsfrist von {{notice}} endet Ihr Vertrag mit einer ordentlichen Kündigung am {{date}}, ohne Kosten.',
      immediate:
        'Eine ordentliche Kündigung beendet Ihren Vertrag, sobald wir sie ausgeführt haben, ab dem {{date}}, ohne Kosten.',
      noticeMonth: 'einem Monat',
      noticeMonths: '{{count}} Monaten',
      noticeDays: '{{count}} Tagen',
      earlier:
        'Soll der Anschluss früher enden, können Sie auf der nächsten Seite ein früheres Datum wählen. Ein Vertragsende vor dem {{date}} kostet eine Gebühr für die vorzeitige Vertragsbeendigung von {{amount}}.',
    },
    debt: {
      title: 'Offene Rechnung',
      blocking:
        'Für diesen Anschluss ist ein Betrag von {{amount}} offen. Er muss bezahlt werden, bevor der Anschluss gekündigt werden kann.',
      howToPay:
        'Bezahlen Sie in Ihrem Kundenkonto, per Überweisung mit dem Verwendungszweck auf Ihrer Rechnung oder in einem Shop; kommen Sie dann hierher zurück.',
      payDemo: '{{amount}} jetzt bezahlen (Demo-Anbieter)',
      payOnline: 'Rechnung online bezahlen',
      arrangement: 'Für die noch offenen {{amount}} besteht eine Ratenzahlungsvereinbarung, daher können Sie kündigen.',
      paid: 'Ihre Rechnung ist bezahlt.',
    },
    etc: {
      title: 'Gebühr für vorzeitige Kündigung',
      text: 'Ihre Mindestlaufzeit endet am {{date}}. Eine vorzeitige Beendigung kostet {{amount}}; der Betrag erscheint auf Ihrer Schlussrechnung.',
      accept: 'Ich akzeptiere die Gebühr für vorzeitige Kündigung von {{amount}}',
    },
    balance: {
      title: 'Ihr restliches Guthaben',
      text: 'Sie haben noch {{credit}} Guthaben und {{data}} GB Datenvolumen.',
      legend: 'Was soll damit geschehen?',
      transfer: 'Guthaben auf eine andere Rufnummer übertragen',
      transferHint: 'Das Guthaben ({{credit}}) wird auf eine von Ihnen genannte Prepaid-Rufnummer bei uns übertragen.',
      refund: 'Guthaben auszahlen lassen',
      refundHint: 'Nach Abzug einer etwaigen Auszahlungsgebühr erhalten Sie {{amount}}.',
      refundHintDated: 'Sie erhalten {{amount}} {{method}} zurück, spätestens bis zum {{date}}.',
      method: {
        original_payment_method: 'über Ihr ursprüngliches Zahlungsmittel',
        bank_transfer: 'per Überweisung',
      },
      transferRefused: {
        same_line: 'Wählen Sie eine andere Rufnummer als die, die Sie kündigen.',
        not_our_active_line:
          'Diese Rufnummer ist kein aktiver Anschluss bei uns in diesem Land. Prüfen Sie die Nummer.',
        cannot_hold_credit:
          'Das ist ein Anschluss mit monatlicher Rechnung, der kein Guthaben aufnehmen kann. Nennen Sie eine Prepaid-Rufnummer oder wählen Sie die Auszahlung.',
      },
      forfeit: 'Auf das Guthaben verzichten',
      forfeitHint: 'Das Guthaben ({{credit}}) und das Datenvolumen verfallen, wenn der Anschluss abgeschaltet wird.',
      forfeitAck: 'Mir ist bewusst, dass {{credit}} Guthaben und {{data}} GB Datenvolumen verfallen',
      transferTo: 'Rufnummer für die Übertragung',
      transferToHint:
        'Eine Prepaid-Mobilfunknummer bei uns, mit Ländervorwahl. Ein Anschluss mit monatlicher Rechnung kann kein Guthaben aufnehmen.',
    },
    bound: {
      bank: '{{name}} nutzt diese Rufnummer, um Zahlungen oder Anmeldungen zu bestätigen. Hinterlegen Sie dort vor der Abschaltung eine neue Nummer, sonst verlieren Sie eventuell den Zugang.',
      payment: '{{name}} nutzt diese Rufnummer. Ändern Sie sie dort vor der Abschaltung des Anschlusses.',
      app_login: '{{name}} nutzt diese Rufnummer für Ihre Anmeldung. Ändern Sie sie zuerst in der App.',
      device_instalment:
        'Mit diesem Anschluss ist ein Ratenkauf für ein Gerät ({{name}}) verbunden; der Restbetrag wird mit der Schlussrechnung fällig.',
      addon: 'Die Zusatzoption {{name}} endet mit dem Anschluss.',
      family_plan:
        'Dieser Anschluss gehört zum Familientarif {{name}}; für die anderen Mitglieder läuft der Tarif weiter.',
      ack: 'Ich habe mich um {{name}} gekümmert oder akzeptiere die Folgen',
    },
    cardReturn: {
      title: 'Karte zurückschicken',
      text: 'Diese Karte muss zurückgeschickt werden, bevor die Kündigung abgeschlossen werden kann. Senden Sie sie nach der Genehmigung innerhalb von {{days}} Tagen an:',
      fee: 'Es fallen Versandkosten von {{fee}} an.',
      free: 'Die Rücksendung ist kostenlos.',
    },
    reminder: {
      backup_contacts: 'Sichern Sie Kontakte und Nachrichten, die auf der SIM-Karte gespeichert sind.',
      keep_card_until_confirmation: 'Bewahren Sie die Karte auf, bis Sie die Bestätigung erhalten.',
      official_channels_only:
        'Wir fragen nie nach Ihrem Passwort oder Ihrer vollständigen Kartennummer und bitten Sie nie, jemandem einen Code vorzulesen. Nutzen Sie nur unsere offiziellen Kanäle.',
    },
    terms:
      'Nach dem Absenden werden innerhalb von {{hours}} Stunden alle Kontaktadressen des Inhabers informiert, damit niemand Ihren Anschluss ohne Ihr Wissen kündigen kann. Fälle, die eine persönliche Prüfung erfordern, bearbeiten wir innerhalb von {{days}} Arbeitstagen.',
    continue: 'Weiter',
  },
  confirm: {
    title: 'Kündigung bestätigen',
    lead: 'Prüfen Sie die Angaben und klicken Sie auf den Button, um zu kündigen. Wir fragen nur ab, was wir benötigen.',
    notReady: 'Auf der Checkliste sind noch Punkte offen.',
    backToChecklist: 'Zurück zur Checkliste',
    line: 'Anschluss',
    charge: 'Gebühr für vorzeitige Kündigung',
    balance: 'Restguthaben',
    balanceTransfer: 'übertragen auf {{to}}',
    balance_refund: 'wird an Sie ausgezahlt',
    balance_forfeit: 'verfällt',
    fee: 'Kosten',
    free: 'keine – die Kündigung ist kostenlos',
    change: 'Auswahl ändern',
    kindLegend: 'Art der Kündigung',
    ordinary: 'Ordentliche Kündigung',
    ordinaryHint: 'Der Vertrag endet zu dem unten angezeigten Datum.',
    extraordinary: 'Außerordentliche Kündigung (aus wichtigem Grund)',
    extraordinaryHint: 'Zum Beispiel, wenn der Dienst an Ihrem Wohnort nicht funktioniert. Unser Team prüft den Grund.',
    reason: 'Kündigungsgrund',
    reasonMissing: 'Nennen Sie den Grund für die außerordentliche Kündigung.',
    endDate: 'Enddatum',
    email: 'Bestätigung zusätzlich senden an (optional)',
    emailHint:
      'Eine zusätzliche Adresse für die Bestätigung. Wir schreiben immer auch an die E-Mail-Adresse und die Rufnummern Ihres Kundenkontos und senden die Eingangsbestätigung per SMS an den Anschluss.',
    endLegend: 'Zu wann soll der Vertrag enden?',
    endEarliest: 'Zum nächstmöglichen Zeitpunkt ohne Kosten: {{date}}',
    endChosen: 'Zu einem Datum, das ich wähle',
    endChosenHint: 'Jedes Datum ab dem {{date}} ist kostenlos.',
    endChosenHintCharge:
      'Jedes Datum ab dem {{date}} ist kostenlos. Ein Datum vor dem {{termEnd}} beendet die Mindestvertragslaufzeit vorzeitig und kostet {{amount}}.',
    tooEarly: 'Zum {{requested}} kann Ihr Vertrag nicht enden: Er endet stattdessen am {{date}}, ohne Kosten.',
    chargeText:
      'Ein Vertragsende am {{date}}, vor dem Ende der Mindestvertragslaufzeit am {{termEnd}}, kostet eine Gebühr für die vorzeitige Vertragsbeendigung von {{amount}}; sie steht auf Ihrer Schlussrechnung.',
    endsOn: 'Ihr Vertrag endet am',
    chargeAccepted:
      'Gebühr für die vorzeitige Vertragsbeendigung von {{amount}} (auf der Schlussrechnung); die Kündigung selbst ist kostenlos',
    balanceRefund: 'wird an Sie ausgezahlt: {{amount}} {{method}}, spätestens bis zum {{date}}',
    submit: 'jetzt kündigen',
  },
  receipt: {
    title: 'Eingangsbestätigung Ihrer Kündigung',
    lead: 'Ihre Kündigung ist bei uns eingegangen. Diese Seite ist Ihre Eingangsbestätigung; speichern Sie zusätzlich das PDF.',
    reference: 'Vorgangsnummer',
    what: 'Was eingegangen ist',
    whatText: 'Kündigung des Anschlusses {{msisdn}} ({{product}})',
    extraordinary: '(außerordentliche Kündigung)',
    receivedAt: 'Eingegangen am',
    endsOn: 'Ende des Anschlusses',
    endsOnText: '{{date}} ({{basis}})',
    endBasis: {
      minimum_term: 'Ende der Mindestvertragslaufzeit, ohne Kosten',
      notice: 'Ende der Kündigungsfrist, ohne Kosten',
      prepaid: 'sobald die Kündigung ausgeführt ist',
      early: 'vor dem Ende der Mindestvertragslaufzeit, auf Ihren Wunsch',
    },
    charges: 'Kosten',
    chargeText: 'Gebühr für die vorzeitige Vertragsbeendigung von {{amount}}, auf der Schlussrechnung',
    noCharges: 'keine – die Kündigung ist kostenlos',
    credit: 'Ihr Guthaben',
    creditRefund: '{{amount}} werden {{method}} ausgezahlt, spätestens bis zum {{date}}',
    creditTransfer: '{{credit}} übertragen auf {{to}}',
    creditForfeit: 'verfällt',
    download: 'Eingangsbestätigung herunterladen (PDF)',
    sent: 'Wir haben Ihnen die Eingangsbestätigung auch per SMS und E-Mail gesendet.',
    nextTitle: 'Wie es weitergeht',
    next: 'Wir informieren alle Kontaktadressen des Kundenkontos über die Kündigung, damit sie gestoppt werden kann, falls sie nicht von Ihnen stammt. Danach schalten wir den Anschluss ab und senden Ihnen ein Bestätigungsschreiben. Bewahren Sie die Karte bis dahin auf.',
    track: 'Kündigung verfolgen',
    surveyTitle: 'Warum kündigen Sie? (optional)',
    surveyHint: 'Ihre Kündigung ist bereits eingegangen; ob Sie antworten oder nicht, ändert daran nichts.',
    surveyReason: 'Hauptgrund',
    surveyChoose: 'Grund auswählen',
    surveyComment: 'Möchten Sie uns noch etwas mitteilen?',
    surveySend: 'Antwort senden',
    surveyThanks: 'Vielen Dank für Ihre Rückmeldung.',
  },
  leaving: {
    price: 'Preis',
    coverage: 'Netzabdeckung',
    moving_abroad: 'Umzug ins Ausland',
    switching_provider: 'Wechsel zu einem anderen Anbieter',
    no_longer_needed: 'Ich brauche den Anschluss nicht mehr',
    service: 'Kundenservice',
    other: 'Sonstiges',
  },
  case: {
    writeTitle: 'Schreiben Sie uns zu dieser Kündigung',
    writeText: 'Stellen Sie eine Frage oder senden Sie ein Dokument. Wir antworten hier bei den Nachrichten unten.',
    writeChase:
      'Die Prüfung dauert länger als zugesagt und liegt jetzt bei einer erfahrenen Kollegin oder einem erfahrenen Kollegen. Sie können uns schreiben und nachfragen.',
    message: 'Ihre Nachricht',
    messageMissing: 'Schreiben Sie Ihre Nachricht.',
    sendMessage: 'Nachricht senden',
    writeSent: 'Danke. Ihre Nachricht ist bei uns; wir antworten hier.',
    awaitingAnswer: 'Sie haben uns am {{since}} geschrieben. Wir haben noch nicht geantwortet.',
    reviewOverdue:
      'Die Prüfung ist über den zugesagten Termin hinaus. Sie liegt jetzt bei einer erfahrenen Kollegin oder einem erfahrenen Kollegen.',
    title: 'Ihre Kündigung',
    titleFor: 'Kündigung {{reference}}',
    signedOutTitle: 'Eine Kündigung Ihres Anschlusses',
    notYouTitle: 'Waren das nicht Sie?',
    notYouText:
      'Haben Sie eine Nachricht zu einer Kündigung erhalten, die Sie nicht beauftragt haben, melden Sie sich jetzt an und stoppen Sie sie. Solange Sie prüfen, passiert mit Ihrem Anschluss nichts.',
    signedOutText: 'Melden Sie sich mit Ihrer Rufnummer an, um diese Kündigung anzusehen, zu ändern oder zu stoppen.',
    signIn: 'Anmelden, um sie anzusehen oder zu stoppen',
    line: 'Anschluss',
    waitingOn: 'Wir warten auf eine Antwort von {{system}} und versuchen es weiter; es geht nichts verloren.',
    numberReleased: 'Rufnummer kann neu vergeben werden ab',
    downloadReceipt: 'Eingangsbestätigung herunterladen (PDF)',
    downloadLetter: 'Bestätigungsschreiben herunterladen (PDF)',
    afterwards:
      'Nutzen Sie die Karte nicht mehr. Achten Sie auf ungewöhnliche Vorgänge bei Ihrer Bank, Ihren Zahlungsdiensten und App-Konten.',
    answerTitle: 'Wir benötigen etwas von Ihnen',
    answer: 'Ihre Antwort',
    answerMissing: 'Schreiben Sie Ihre Antwort.',
    file: 'Datei anhängen (optional)',
    fileHint: 'PDF, PNG oder JPEG, bis 5 MB.',
    fileType: 'Hängen Sie eine PDF-, PNG- oder JPEG-Datei an.',
    fileSize: 'Die Datei ist größer als 5 MB.',
    sendAnswer: 'Antwort senden',
    answerSent: 'Vielen Dank. Ihre Antwort ist eingegangen, die Kündigung wird fortgesetzt.',
    stopTitle: 'Zurücknehmen oder stoppen',
    stopText:
      'Sie können die Kündigung zurücknehmen, bis wir mit der Abschaltung des Anschlusses beginnen. Der Anschluss bleibt dann unverändert.',
    withdraw: 'Meine Kündigung zurücknehmen',
    notMe: 'Das war ich nicht – stoppen',
    confirmWithdraw: 'Kündigung zurücknehmen? Ihr Anschluss bleibt aktiv.',
    confirmDisputed:
      'Diese Kündigung stoppen, weil Sie sie nicht beauftragt haben? Ihr Anschluss bleibt aktiv und wir gehen der Sache nach.',
    withdrawYes: 'Ja, zurücknehmen',
    stopYes: 'Ja, stoppen',
    keep: 'Nein, zurück',
    withdrawn: 'Die Kündigung ist zurückgenommen. Ihr Anschluss bleibt aktiv.',
    stopped: 'Die Kündigung ist gestoppt, Ihr Anschluss bleibt aktiv. Wir prüfen, wer sie beauftragt hat.',
    timeline: 'Verlauf',
    log: 'Nachrichten',
    logEmpty: 'Noch keine Nachrichten.',
    fromYou: 'von Ihnen',
    fromUs: 'von uns',
  },
  outcome: {
    title: 'Ihr Guthaben und die Dienste, die diese Rufnummer nutzten',
    creditTitle: 'Ihr Guthaben',
    transferPlanned: '{{credit}} werden bei der Abschaltung auf {{to}} übertragen.',
    transferDone: '{{credit}} wurden am {{at}} auf {{to}} übertragen.',
    targetBalance: 'Guthaben auf {{to}}: vorher {{before}}, nachher {{after}}.',
    targetData: 'Datenvolumen: vorher {{before}}, nachher {{after}}.',
    refundPlanned:
      '{{amount}} werden nach der Abschaltung {{method}} erstattet, spätestens bis zum {{date}}.',
    refundDone:
      'Die Erstattung von {{amount}} wurde am {{at}} veranlasst: {{method}}, spätestens bis zum {{date}}.',
    refundUndated: '{{amount}} werden Ihnen erstattet.',
    forfeitPlanned: 'Sie haben auf {{credit}} Guthaben verzichtet.',
    forfeitDone: 'Auf {{credit}} Guthaben wurde am {{at}} wie gewünscht verzichtet.',
    reference: 'Buchungsnummer: {{reference}}',
    servicesTitle: 'Dienste, die diese Rufnummer nutzten',
    kind: {
      bank: 'Bank',
      payment: 'Zahlungsdienst',
      app_login: 'App-Anmeldung',
      device_instalment: 'Geräte-Ratenzahlung',
      addon: 'Zusatzoption',
      family_plan: 'Familientarif',
    },
    channel: {
      webhook: 'die von ihnen registrierte Schnittstelle',
      partner_api: 'unsere Partnerschnittstelle',
      operator_system: 'unsere eigenen Systeme',
    },
    status: {
      pending: 'Bei der Abschaltung teilen wir ihnen mit, dass die Rufnummer nicht mehr Ihnen gehört.',
      told: 'am {{at}} über {{channel}} informiert. Antwort: {{answer}}.',
      toldUndetailed: 'bei der Abschaltung informiert.',
      retrying: 'noch nicht erreicht; wir versuchen es weiter (bisherige Versuche: {{count}}).',
      failed: 'nicht erreichbar. Unser Team ist informiert und kümmert sich darum.',
    },
  },
  cases: {
    title: 'Meine Kündigungen',
    none: 'Sie haben keine Kündigungen.',
    item: '{{reference}} · {{msisdn}}',
    received: 'eingegangen am {{at}}',
    ends: 'Anschluss endet am {{date}}',
  },
  state: {
    draft: { name: 'Entwurf', text: 'Noch nicht gesendet.' },
    submitted: { name: 'Eingegangen', text: 'Ihre Kündigung ist eingegangen und wird geprüft.' },
    verifying: { name: 'Identitätsprüfung', text: 'Wir gleichen den Auftrag mit dem Kundenkonto ab.' },
    eligibility: { name: 'Prüfung des Anschlusses', text: 'Wir prüfen Rechnungen, Kosten und Guthaben noch einmal.' },
    cooling_off: {
      name: 'Wartefrist',
      text: 'Alle Kontaktadressen des Kundenkontos wurden informiert. Stoppt niemand die Kündigung, wird sie nach Ablauf der Wartefrist ausgeführt.',
    },
    in_review: { name: 'In Prüfung', text: 'Ein Mitglied unseres Teams prüft den Auftrag.' },
    needs_info: {
      name: 'Wartet auf Sie',
      text: 'Um fortzufahren, benötigen wir weitere Angaben von Ihnen. Antworten Sie unten.',
    },
    awaiting_card_return: {
      name: 'Wartet auf die Karte',
      text: 'Bitte senden Sie die Karte zurück. Sobald sie eintrifft, schalten wir den Anschluss ab.',
    },
    executing: { name: 'Abschaltung läuft', text: 'Wir schalten den Anschluss jetzt ab.' },
    completed: { name: 'Gekündigt', text: 'Der Anschluss ist abgeschaltet. Ihr Bestätigungsschreiben liegt bereit.' },
    rejected: {
      name: 'Nicht angenommen',
      text: 'Wir konnten die Kündigung nicht annehmen. Sie können erneut kündigen.',
    },
    withdrawn: { name: 'Zurückgenommen', text: 'Die Kündigung wurde gestoppt. Der Anschluss bleibt aktiv.' },
    failed: {
      name: 'Verzögert',
      text: 'Die Abschaltung ist noch nicht abgeschlossen. Unser Team ist informiert und erledigt das; Sie müssen nichts tun.',
    },
  },
  rejection: {
    identity_mismatch: 'Grund: Die Angaben stimmten nicht mit dem Kundenkonto überein.',
    not_eligible: 'Grund: Auf der Checkliste war noch etwas offen.',
    info_not_provided: 'Grund: Die erbetenen Informationen sind nicht rechtzeitig eingegangen.',
    card_not_returned: 'Grund: Die Karte ist nicht rechtzeitig eingegangen.',
    suspected_fraud: 'Grund: Wir konnten nicht sicherstellen, dass der Auftrag vom Inhaber stammt.',
    duplicate_request: 'Grund: Für diesen Anschluss lag bereits ein Auftrag vor.',
    other: 'Grund: siehe Nachrichten unten.',
  },
  timer: {
    cooling_off_end: 'Wartefrist endet am {{until}}',
    review_deadline: 'Prüfung spätestens bis {{until}}',
    needs_info_expiry: 'Bitte antworten Sie bis {{until}}',
    card_return_deadline: 'Karte muss bis {{until}} eingehen',
  },
  system: {
    crm: 'der Kundenverwaltung',
    billing: 'der Abrechnung',
    provisioning: 'dem Netz',
    numbers: 'der Rufnummernverwaltung',
  },
  channel: { sms: 'SMS', email: 'E-Mail', portal: 'Online', online: 'Online' },
  help: {
    title: 'Hilfe',
    iccidTitle: 'Wo finde ich die Seriennummer der SIM-Karte?',
    iccid:
      'Es ist die 19- oder 20-stellige Nummer, die mit 89 beginnt. Sie steht auf der SIM-Karte selbst und auf dem scheckkartengroßen Träger, in dem sie geliefert wurde. Bei einer eSIM öffnen Sie die Telefoneinstellungen („Über das Telefon“ oder „SIM“) und suchen nach ICCID.',
    loginTitle: 'Login oder Passwort vergessen oder kein Zugriff auf die E-Mail?',
    login:
      'Für die Anmeldung hier brauchen Sie nie Ihr Passwort: Wir senden stattdessen einen Einmalcode. Wenn Sie Ihren Kundenkonto-Login nicht nutzen können:',
    login1:
      'Melden Sie sich stattdessen mit Rufnummer und SIM-Seriennummer an; der Code kommt per SMS an den Anschluss.',
    login2:
      'Um Ihr Passwort zurückzusetzen, nutzen Sie „Passwort vergessen“ auf der Anmeldeseite Ihres Kundenkontos; Sie erhalten dann einen Link per E-Mail.',
    login3:
      'Haben Sie Karte und E-Mail-Zugang verloren, rufen Sie uns an oder kommen Sie mit einem Ausweisdokument in einen Shop; wir kündigen dann für Sie.',
    lockedTitle: 'Nach falschen Codes gesperrt?',
    locked:
      'Nach 5 falschen Codes sperren wir die Rufnummer zu Ihrem Schutz für 15 Minuten. Warten Sie und fordern Sie dann einen neuen Code an.',
    channelsTitle: 'Weitere Wege zu kündigen',
    channels:
      'Telefonisch oder per Chat über unseren Kundenservice, in einem unserer Shops oder per Brief. Sie erhalten überall dieselbe Eingangsbestätigung.',
    safetyTitle: 'Sicherheitshinweis',
    safety:
      'Wir fragen nie per Telefon, Chat, E-Mail oder in sozialen Medien nach Ihrem Passwort oder Ihrer vollständigen Kartennummer, wir bitten Sie nie, jemandem einen Code vorzulesen, und die Kündigung ist kostenlos. Fragt jemand danach, sind das nicht wir. Rufen Sie uns an, senden wir Ihnen vielleicht eine SMS an Ihre hinterlegte Rufnummer, mit der Sie den Anruf bestätigen: Sie antworten auf Ihrem Telefon und lesen nichts vor.',
  },
  confirmCall: {
    title: 'Telefonieren Sie gerade mit uns?',
    intro:
      'Ein Mitarbeiter von uns hilft gerade jemandem mit der Rufnummer {{number}} und hat uns gebeten, bei Ihnen als Inhaber nachzufragen. Bestätigen Sie nur, wenn Sie gerade in diesem Anruf oder Chat sind.',
    neverRead:
      'Lesen Sie diese Seite, die SMS und keinen Code jemandem vor. Wir bitten Sie nie, jemandem einen Code vorzulesen.',
    confirm: 'Ja, ich telefoniere mit Ihnen: bestätigen',
    deny: 'Das war ich nicht',
    denyAfterAll: 'Das war ich doch nicht',
    status: {
      pending: 'Wir warten auf Ihre Antwort.',
      confirmed: 'Danke: Der Anruf ist bestätigt, und unser Mitarbeiter kann weitermachen.',
      denied:
        'Danke. Wir haben festgehalten, dass Sie es nicht waren; an Ihrer Rufnummer wurde nichts geändert, und alle hinterlegten Kontakte wurden informiert. Nach der Anmeldung können Sie Rufnummernmitnahme und Kündigung kostenlos sperren.',
      expired: 'Diese Anfrage ist abgelaufen; an Ihrer Rufnummer wurde nichts geändert.',
      used: 'Diese Anfrage wurde verwendet.',
      void: 'Diese Anfrage wurde durch eine neuere ersetzt.',
    },
  },
  lineLock: {
    title: 'Sperre gegen Rufnummernmitnahme und Kündigung',
    explain:
      'Solange die Sperre gilt, kann niemand diese Rufnummer kündigen oder zu einem anderen Anbieter mitnehmen, auf keinem Weg. Die Sperre ist kostenlos.',
    locked: 'Gesperrt seit {{at}}.',
    unlocked: 'Nicht gesperrt.',
    lock: 'Rufnummer sperren',
    unlock: 'Sperre aufheben',
    needsAccountLogin:
      'Um die Sperre aufzuheben, melden Sie sich mit Ihrem Kundenkonto an (der Code geht an Ihre Kundenkonto-E-Mail). Eine Anmeldung mit der SIM-Kartennummer genügt nicht: Wer die SIM-Karte hat, darf die Sperre nicht aufheben können.',
    signInWithLogin: 'Mit dem Kundenkonto anmelden',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    home: 'Zur Startseite',
  },
  demo: {
    about: {
      'uk-prepaid-credit':
        'Prepaid-SIM mit 12,50 £ Guthaben und 3 GB Datenvolumen: übertragen, erstatten oder verfallen lassen. Wird automatisch genehmigt.',
      'uk-debt': 'Laufzeitvertrag mit einer offenen Rechnung von 48,20 £: Sie muss vor der Kündigung bezahlt werden.',
      'uk-debt-arrangement': 'Offener Betrag mit vereinbarter Ratenzahlung: Kündigung möglich.',
      'uk-contract': 'Vertrag über 24 Monate, noch 9 Monate Mindestlaufzeit.',
      'uk-bound-services':
        'Rufnummer dient als Anmeldung bei einer Bank und einer Bezahl-App: Jeder Dienst muss bestätigt werden.',
      'uk-data-card-return':
        'Reine Datenkarte: Sie muss zurückgeschickt werden, bevor die Kündigung abgeschlossen ist.',
      'uk-sim-swap': 'SIM-Karte gestern getauscht: Die Kündigung wird geprüft und braucht zwei verschiedene Freigaben.',
      'uk-contact-change':
        'E-Mail-Adresse vor zwei Tagen geändert: Eine Person prüft die Kündigung (gut, um eine Eskalation zu sehen).',
      'uk-new-contact-number': 'Gestern eine unbestätigte Kontaktnummer hinzugefügt: Eine Person prüft die Kündigung.',
      'uk-two-lines': 'Zwei Anschlüsse in einem Kundenkonto: Einer wird gekündigt, der andere bleibt aktiv.',
      'de-contract': 'Deutscher eSIM-Vertrag mit laufender Mindestlaufzeit (Kündigungsbutton, § 312k BGB).',
      'de-prepaid': 'Deutsche Prepaid-SIM mit 7,40 € Guthaben: Erstattung vorgeschrieben, keine Übertragung.',
      'cn-prepaid':
        'Chinesische Prepaid-SIM (Real-Name-registriert) mit 35 ¥ Guthaben, das auf ihre eSIM übertragen wird; die Karte muss zurückgeschickt werden.',
      'us-postpaid':
        'US-Laufzeitvertrag, den eine Bezahl-App nutzt; die Rufnummer wird erst nach 45 Tagen neu vergeben.',
    },
    title: 'Demo',
    text: 'Hier ist nichts echt: Anschlüsse, Personen und Nachrichten sind vom Demo-Betreiber erfunden.',
    time: 'Demo-Zeit:',
    ahead: '{{days}} Tage voraus',
    moveLabel: 'Zeit vorstellen um',
    move: 'Zeit vorstellen',
    step: { '1h': '1 Stunde', '1d': '1 Tag', '3d': '3 Tage', '1w': '1 Woche', '30d': '30 Tage', '90d': '90 Tage' },
    moved: 'Die Zeit wurde um {{step}} vorgestellt. Fällig gewordene Fristen: {{count}}.',
    personas: 'Demo-Personen, ihre Anschlüsse und Postfächer',
    personasHint:
      'Melden Sie sich mit einer Rufnummer und der Seriennummer ihrer Karte (ICCID) an; der Einmalcode kommt im Postfach dieser Rufnummer an. Im Shop prüfen Sie das hier gezeigte Ausweisdokument.',
    staff: 'Mitarbeitende melden sich mit dem Passwort „{{password}}“ an:',
    number: 'Rufnummer',
    dateOfBirth: 'Geburtsdatum',
    iccid: 'ICCID',
    smsInbox: 'SMS an {{msisdn}}',
    emailInbox: 'E-Mails an {{email}}',
    document: {
      passport: 'Reisepass',
      driving_licence: 'Führerschein',
      id_card: 'Personalausweis',
      resident_id: 'Chinesischer Personalausweis',
    },
  },
  inbox: {
    title: 'Postfach von {{address}}',
    lead: 'Der Demo-Betreiber bewahrt auf, was simexit an diese Rufnummer oder Adresse geschickt hat: Einmalcodes, Eingangsbestätigungen und Warnungen. Neueste zuerst.',
    refresh: 'Nach neuen Nachrichten sehen',
    empty: 'Noch ist nichts angekommen.',
  },
};
