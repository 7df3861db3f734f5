import type { Migration } from '../../../server-kit/db/migrate';
import { core } from './001_core';
import { staffAssist } from './002_staff_assist';
import { announcementWithdrawal } from './003_announcement_withdrawal';
import { outOfServiceReasons } from './004_out_of_service_reasons';
import { identityAssurance } from './005_identity_assurance';
import { limitOffers } from './006_limit_offers';
import { bureauRegistrations } from './007_bureau_registrations';
import { incomeCertificates } from './008_income_certificates';
import { contractDocuments } from './009_contract_documents';
import { consoleOperators } from './010_console_operators';
import { fleetTriage } from './011_fleet_triage';
import { alertDelivery } from './012_alert_delivery';
import { kioskHistory } from './013_kiosk_history';
import { diagnosticsRequests } from './014_diagnostics_requests';
import { alertWiring } from './016_alert_wiring';
import { housekeepingRuns } from './020_housekeeping_runs';
import { kioskVitals } from './021_kiosk_vitals';
import { kioskProvisioning } from './030_kiosk_provisioning';
import { softwareReleases } from './035_software_releases';
import { journalIngest } from './100_journal_ingest';
import { journalPartitions } from './101_journal_partitions';
import { retentionIndexes } from './102_retention_indexes';

// One entry a line, in number order: parallel branches each add a line.
export const MIGRATIONS: readonly Migration[] = [
  core,
  staffAssist,
  announcementWithdrawal,
  outOfServiceReasons,
  identityAssurance,
  limitOffers,
  bureauRegistrations,
  incomeCertificates,
  contractDocuments,
  consoleOperators,
  fleetTriage,
  alertDelivery,
  kioskHistory,
  diagnosticsRequests,
  alertWiring,
  housekeepingRuns,
  kioskVitals,
  kioskProvisioning,
  softwareReleases,
  journalIngest,
  journalPartitions,
  retentionIndexes,
];
