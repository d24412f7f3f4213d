"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 23:50:21.945814
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('application_parts',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('part_number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('application_id', 'part_number')
    )
    op.create_table('citizens',
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('kk_number', sa.String(length=16), nullable=False),
    sa.Column('relationship', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('birth_place', sa.String(length=100), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('religion', sa.String(length=40), nullable=True),
    sa.Column('marital_status', sa.String(length=40), nullable=True),
    sa.Column('occupation', sa.String(length=100), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('rt', sa.String(length=3), nullable=False),
    sa.Column('rw', sa.String(length=3), nullable=False),
    sa.Column('village', sa.String(length=100), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.Column('regency', sa.String(length=100), nullable=False),
    sa.Column('province', sa.String(length=100), nullable=False),
    sa.Column('postal_code', sa.String(length=5), nullable=True),
    sa.Column('reference_template', sa.LargeBinary(), nullable=True),
    sa.Column('template_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('nik')
    )
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizens_kk_number'), ['kk_number'], unique=False)

    op.create_table('enroll_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('site', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('kiosk_id', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('code_hash')
    )
    op.create_table('health_workers',
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('profession_code', sa.String(length=40), nullable=False),
    sa.Column('profession', sa.String(length=100), nullable=False),
    sa.Column('str_number', sa.String(length=40), nullable=False),
    sa.Column('str_status', sa.String(length=16), nullable=False),
    sa.Column('str_valid_until', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('nik'),
    sa.UniqueConstraint('str_number')
    )
    op.create_table('idempotency_keys',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('response_body', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('kiosks',
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('site', sa.String(length=200), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('app_version', sa.String(length=64), nullable=True),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoke_reason', sa.String(length=500), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('health', sa.String(length=16), nullable=True),
    sa.Column('queue_depth', sa.Integer(), nullable=True),
    sa.Column('oldest_pending_age_s', sa.Float(), nullable=True),
    sa.Column('camera', sa.String(length=16), nullable=True),
    sa.Column('printer', sa.String(length=16), nullable=True),
    sa.Column('audit_seq', sa.BigInteger(), nullable=True),
    sa.Column('audit_hash', sa.String(length=64), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('kiosk_id'),
    sa.UniqueConstraint('public_key')
    )
    op.create_table('nonces',
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('nonce', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kiosk_id', 'nonce')
    )
    with op.batch_alter_table('nonces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nonces_created_at'), ['created_at'], unique=False)

    op.create_table('sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_table('survey_responses',
    sa.Column('survey_id', sa.String(length=36), nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('scores', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('survey_id')
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_kiosk_id'), ['kiosk_id'], unique=False)

    op.create_table('verify_attempts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('nik_hash', sa.String(length=64), nullable=False),
    sa.Column('matched', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('verify_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_verify_attempts_kiosk_at', ['kiosk_id', 'at'], unique=False)
        batch_op.create_index('ix_verify_attempts_nik_at', ['nik_hash', 'at'], unique=False)

    op.create_table('applications',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('tracking_code', sa.String(length=32), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('catalog_version', sa.String(length=64), nullable=False),
    sa.Column('kiosk_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=80), nullable=False),
    sa.Column('packet', sa.LargeBinary(), nullable=False),
    sa.Column('identity_mode', sa.String(length=16), nullable=False),
    sa.Column('identity_status', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['kiosk_id'], ['kiosks.kiosk_id'], ),
    sa.PrimaryKeyConstraint('application_id'),
    sa.UniqueConstraint('tracking_code')
    )


def downgrade() -> None:
    op.drop_table('applications')
    with op.batch_alter_table('verify_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_verify_attempts_nik_at')
        batch_op.drop_index('ix_verify_attempts_kiosk_at')

    op.drop_table('verify_attempts')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_responses_kiosk_id'))

    op.drop_table('survey_responses')
    op.drop_table('sessions')
    with op.batch_alter_table('nonces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nonces_created_at'))

    op.drop_table('nonces')
    op.drop_table('kiosks')
    op.drop_table('idempotency_keys')
    op.drop_table('health_workers')
    op.drop_table('enroll_codes')
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citizens_kk_number'))

    op.drop_table('citizens')
    op.drop_table('application_parts')
